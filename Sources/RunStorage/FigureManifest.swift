import Foundation
import ChainModel
import LinearAlgebra
import Formats

/// A figure directory: `figure.json` describes the panels and which run directory feeds each
/// curve; every curve is an ordinary (resumable, shardable, mergeable) run directory below
/// it; `panel-<id>.json`, `.csv` and `.svg` are rendered from those results (`render(into:)`,
/// in Figures).
public struct FigureManifest: Sendable, Equatable {
    public struct Curve: Sendable, Equatable {
        public var label: String
        /// Run directory name, relative to the figure directory (shared between panels when
        /// two curves are the same run).
        public var run: String
        /// Observable plotted (a scalar series of the run's result).
        public var observable: Observable
        /// Plotted x = xScale * t, y = yScale * observable (e.g. S / L, R / xi against xi t).
        public var xScale: Double
        public var yScale: Double
        /// For a vector observable: plot entry `component` against time.
        public var component: Int?
        /// For a vector observable: plot the whole vector at the output time nearest to
        /// `atTime` against its index + 1 (e.g. the entanglement profile against the cut l_A).
        public var atTime: Double?

        public init(
            label: String, run: String, observable: Observable, xScale: Double = 1,
            yScale: Double = 1, component: Int? = nil,
            atTime: Double? = nil
        ) {
            self.label = label
            self.run = run
            self.observable = observable
            self.xScale = xScale
            self.yScale = yScale
            self.component = component
            self.atTime = atTime
        }
    }

    public struct Panel: Sendable, Equatable {
        public var id: String
        public var title: String
        public var xLabel: String
        public var yLabel: String
        public var curves: [Curve]
        public var references: [(label: String, y: Double)]
        public var notes: [String]
        public var logX: Bool
        /// When set, the panel reports how well its curves collapse (`CollapseSpread` over
        /// x >= collapseFrom) in its JSON and as a note.
        public var collapseFrom: Double?

        public init(
            id: String, title: String, xLabel: String, yLabel: String, curves: [Curve],
            references: [(label: String, y: Double)] = [], notes: [String] = [], logX: Bool = true,
            collapseFrom: Double? = nil
        ) {
            self.logX = logX
            self.collapseFrom = collapseFrom
            self.id = id
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
            self.curves = curves
            self.references = references
            self.notes = notes
        }

        public static func == (a: Panel, b: Panel) -> Bool {
            a.id == b.id && a.logX == b.logX && a.title == b.title && a.xLabel == b.xLabel
                && a.yLabel == b.yLabel && a.curves == b.curves
                && a.notes == b.notes && a.references.map(\.label) == b.references.map(\.label)
                && a.references.map(\.y) == b.references.map(\.y)
                && a.collapseFrom == b.collapseFrom
        }
    }

    public var figure: String
    public var quick: Bool
    public var panels: [Panel]

    public init(figure: String, quick: Bool, panels: [Panel]) {
        self.figure = figure
        self.quick = quick
        self.panels = panels
    }

    public static let fileName = "figure.json"

    public var json: JSONValue {
        .object([
            ("schema", .string("anderson-noise/figure/1")),
            ("figure", .string(figure)),
            ("quick", .bool(quick)),
            (
                "panels",
                .array(
                    panels.map { p in
                        .object([
                            ("id", .string(p.id)), ("title", .string(p.title)),
                            ("x_label", .string(p.xLabel)),
                            ("y_label", .string(p.yLabel)), ("log_x", .bool(p.logX)),
                            ("collapse_from", p.collapseFrom.map { .number($0) } ?? .null),
                            ("notes", .array(p.notes.map { .string($0) })),
                            (
                                "references",
                                .array(
                                    p.references.map { .array([.string($0.label), .number($0.y)]) })
                            ),
                            (
                                "curves",
                                .array(
                                    p.curves.map { c in
                                        var pairs: [(String, JSONValue)] = [
                                            ("label", .string(c.label)), ("run", .string(c.run)),
                                            ("observable", .string(c.observable.rawValue)),
                                            ("x_scale", .number(c.xScale)),
                                            ("y_scale", .number(c.yScale)),
                                        ]
                                        if let k = c.component {
                                            pairs.append(("component", .number(Double(k))))
                                        }
                                        if let t = c.atTime {
                                            pairs.append(("at_time", .number(t)))
                                        }
                                        return .object(pairs)
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    public init?(json: JSONValue) {
        guard json["schema"]?.stringValue == "anderson-noise/figure/1",
            let figure = json["figure"]?.stringValue,
            case .bool(let quick)? = json["quick"], let panelList = json["panels"]?.arrayValue
        else { return nil }
        var panels: [Panel] = []
        for p in panelList {
            guard let id = p["id"]?.stringValue, let title = p["title"]?.stringValue,
                let xl = p["x_label"]?.stringValue,
                let yl = p["y_label"]?.stringValue, let curveList = p["curves"]?.arrayValue
            else { return nil }
            guard Self.isPlainName(id) else { return nil }
            var curves: [Curve] = []
            for c in curveList {
                guard let label = c["label"]?.stringValue, let run = c["run"]?.stringValue,
                    Self.isPlainName(run),
                    let obs = c["observable"]?.stringValue.flatMap(Observable.init(rawValue:)),
                    let xs = c["x_scale"]?.doubleValue, let ys = c["y_scale"]?.doubleValue
                else { return nil }
                var component: Int?
                if let k = c["component"] {
                    guard let index = k.integer(in: 0...100_000) else { return nil }
                    component = index
                }
                var atTime: Double?
                if let t = c["at_time"] {
                    guard let time = t.doubleValue else { return nil }
                    atTime = time
                }
                curves.append(
                    Curve(
                        label: label, run: run, observable: obs, xScale: xs, yScale: ys,
                        component: component, atTime: atTime))
            }
            let notes = p["notes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let refs: [(label: String, y: Double)] =
                p["references"]?.arrayValue?.compactMap { r in
                    guard let a = r.arrayValue, a.count == 2, let l = a[0].stringValue,
                        let y = a[1].doubleValue
                    else { return nil }
                    return (l, y)
                } ?? []
            var logX = true
            if case .bool(let b)? = p["log_x"] { logX = b }
            panels.append(
                Panel(
                    id: id, title: title, xLabel: xl, yLabel: yl, curves: curves, references: refs,
                    notes: notes, logX: logX,
                    collapseFrom: p["collapse_from"]?.doubleValue))
        }
        self.init(figure: figure, quick: quick, panels: panels)
    }

    /// A run directory or panel name is one plain path component (a hand-edited
    /// figure.json must not make `merge` or `figure` write outside the figure directory).
    package static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
            && name.utf8.count <= 200
    }

    /// Reads `figure.json` of a directory, nil if there is none or it is not a figure manifest.
    public static func read(from directory: URL) -> FigureManifest? {
        guard
            let data = FileManager.default.contents(
                atPath: directory.appendingPathComponent(fileName).path),
            let json = try? JSONValue.parse(data)
        else { return nil }
        return FigureManifest(json: json)
    }

    /// Every distinct run directory name, in first-use order.
    public var runs: [String] {
        var seen = Set<String>(), out: [String] = []
        for p in panels {
            for c in p.curves where !seen.contains(c.run) {
                seen.insert(c.run)
                out.append(c.run)
            }
        }
        return out
    }
}

extension FigureManifest.Curve {
    /// The curve's points from a result.json: x (times or cut index, scaled), y and standard
    /// errors (unscaled), all of one length, or an error naming what does not fit.
    public func points(
        from json: JSONValue, path: String
    ) throws -> (x: [Double], y: [Double], stderr: [Double]?) {
        func fail(_ what: String) -> RunDirectory.Failure { .foreign("\(path): \(what)") }
        guard let list = json["times"]?.arrayValue, case let times = list.compactMap(\.doubleValue),
            times.count == list.count,
            !times.isEmpty, let series = json["observables"]?[observable.rawValue]?.arrayValue,
            series.count == times.count
        else { throw fail("lacks \(observable) with one value per output time") }
        let errors = json["observables"]?[observable.stderrKey]?.arrayValue.flatMap {
            $0.count == times.count ? $0 : nil
        }
        var x: [Double], y: [Double], se: [Double]?
        if let t = atTime {
            let k = times.indices.min { abs(times[$0] - t) < abs(times[$1] - t) }!
            guard let profile = series[k].flattenedNumbers else {
                throw fail("\(observable) is not a list of numbers per time")
            }
            y = profile
            se = errors?[k].flattenedNumbers
            x = y.indices.map { Double($0 + 1) * xScale }
        } else if let k = component {
            y = series.map { $0.flattenedNumbers.flatMap { k < $0.count ? $0[k] : nil } ?? .nan }
            se = errors?.map { $0.flattenedNumbers.flatMap { k < $0.count ? $0[k] : nil } ?? .nan }
            x = times.map { $0 * xScale }
        } else {
            y = series.map { $0.doubleValue ?? .nan }
            se = errors?.map { $0.doubleValue ?? .nan }
            x = times.map { $0 * xScale }
        }
        if let e = se, e.count != y.count { se = nil }
        return (x, y, se)
    }
}
