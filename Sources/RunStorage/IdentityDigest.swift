import Foundation
import Formats

/// The digest that binds a run directory's records to its identity: 64-bit FNV-1a of the
/// identity's compact serialized JSON (`JSONValue.serialized(pretty: false)`, which reads back
/// to the same value and so to the same text). `run.json` carries it as `identity_digest`
/// (`fnv1a64:` and 16 hex digits) and every record carries it.
///
/// FNV-1a suffices for what it is for: it detects accidental edits and mix-ups (a parameter
/// edited in run.json, another run's records.bin copied in, shards of different runs), where
/// two different identities would collide with probability about 2^-64. It is not a defence
/// against an adversary, who could forge a collision or simply rewrite both digests.
public enum IdentityDigest {
    public static func of(_ identity: JSONValue) -> UInt64 {
        let text = Array(identity.serialized(pretty: false).utf8)
        return text.withUnsafeBytes { RecordFile.fnv1a($0) }
    }

    public static func text(_ digest: UInt64) -> String {
        let hex = String(digest, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    public static func parse(_ text: String) -> UInt64? {
        guard text.hasPrefix("fnv1a64:") else { return nil }
        let hex = text.dropFirst(8)
        guard hex.count == 16, hex.allSatisfy(\.isHexDigit) else { return nil }
        return UInt64(hex, radix: 16)
    }
}
