import Foundation

/// The elements of an SVG document as the plot tests read them: name, attributes and text,
/// in document order. Enough for the project's own writer (no nesting of text, attribute
/// values in double quotes), not a general XML parser.
public struct SVGElement: Sendable {
    public var name: String
    public var attributes: [String: String]
    public var text: String

    /// A numeric attribute (nil when it is missing or not a number).
    public func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }

    /// Every element of `svg`, in order.
    public static func all(in svg: String) -> [SVGElement] {
        let tag = try! NSRegularExpression(
            pattern: #"<([a-z]+)((?:\s+[A-Za-z0-9:-]+="[^"]*")*)\s*(/?)>"#)
        let attribute = try! NSRegularExpression(pattern: #"([A-Za-z0-9:-]+)="([^"]*)""#)
        let ns = svg as NSString
        var out: [SVGElement] = []
        for m in tag.matches(in: svg, range: NSRange(location: 0, length: ns.length)) {
            let attrs = ns.substring(with: m.range(at: 2))
            var pairs: [String: String] = [:]
            let ans = attrs as NSString
            for a in attribute.matches(in: attrs, range: NSRange(location: 0, length: ans.length)) {
                pairs[ans.substring(with: a.range(at: 1))] = ans.substring(with: a.range(at: 2))
            }
            var text = ""
            if ns.substring(with: m.range(at: 3)).isEmpty {
                let rest = ns.substring(from: m.range.location + m.range.length)
                text = String(rest.prefix { $0 != "<" })
            }
            out.append(
                SVGElement(name: ns.substring(with: m.range(at: 1)), attributes: pairs, text: text))
        }
        return out
    }

    /// The elements of `svg` with class `name`.
    public static func of(class name: String, in svg: String) -> [SVGElement] {
        all(in: svg).filter { $0.attributes["class"] == name }
    }
}
