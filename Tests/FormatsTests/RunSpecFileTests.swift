import Foundation
import PropertyBased
import Testing
import TestSupport
import ChainModel
import RunSpecification
import Formats

/// A run's spec survives its file form: what run.json stores (`RunSpec.parameters`, the times,
/// the observables written) reads back as the same `RunSpec`, for every solver, any number of
/// noisy sites, explicit chains and explicit occupations, so `validate --for` and `compare`
/// see exactly the run that was made.
@Suite struct RunSpecFileTests {
    static func roundTrip(_ spec: RunSpec) throws -> RunSpec {
        let text = JSONValue.object(spec.parameters).serialized()
        return try RunSpec(
            solver: spec.solver.name.rawValue, parameters: try JSONValue.parse(Data(text.utf8)),
            times: spec.times,
            observables: spec.observables)
    }

    @Test func everySolverAndNoiseReadsBack() async {
        await seededPropertyCheck(
            count: 60, input: Gen.int(in: 2...40), Gen.int(in: 0...1_000_000), Gen.int(in: 0...3),
            Gen.int(in: 0...2)
        ) { l, seed, solverIndex, stateIndex in
            var rng = CounterRNG(seed: UInt64(seed), stream: .disorder, realization: 0)
            let count = 1 + Int(rng.next() % UInt64(min(l, 4)))
            var sites = Array(0..<l)
            for i in 0..<count { sites.swapAt(i, i + Int(rng.next() % UInt64(l - i))) }
            let gammas = (0..<count).map { _ in rng.nextUniform() * 3 }
            let explicit = rng.next() % 2 == 0
            let chain = ChainSpec(
                length: l, hopping: 0.5 + rng.nextUniform(), disorder: 4 * rng.nextUniform(),
                potentials: explicit ? (0..<l).map { _ in rng.nextUniform() - 0.5 } : nil,
                noiseSites: Array(sites.prefix(count)),
                gammas: gammas, seed: UInt64(seed) * 7919,
                realizations: explicit ? 1 : 1 + Int(rng.next() % 50))
            let occupations = (0..<l).map { $0 % 2 }
            let initial: InitialSpec = [
                .ground(particles: l / 2),
                .product(particles: l / 2, occupations: stateIndex == 1 ? occupations : nil),
                .excitation(site: Int(rng.next() % UInt64(l))),
            ][stateIndex]
            let dt = 0.05 * Double(1 + rng.next() % 4)
            let solver: SolverSpec = [
                .lindblad(tolerance: 1e-10),
                .closure(scheme: Scheme.closure[seed % 3], dt: dt, tolerance: 1e-9),
                .trajectories(
                    scheme: Scheme.trajectories[seed % 3], dt: dt,
                    noiseRealizations: 1 + seed % 20),
                .master(
                    MasterSpec(rates: .microscopic, prefactor: seed % 2 == 0 ? .gamma : .gamma2)),
            ][solverIndex]
            let spec = RunSpec(
                chain: chain,
                initial: solverIndex == 3 ? .excitation(site: chain.noiseSites[0]) : initial,
                times: [0, 0.5, 2, 10], solver: solver, observables: [.energy, .density])
            let back = try? Self.roundTrip(spec)
            #expect(back == spec)
            // What the read-back spec writes is what was read: a resumed run's run.json.
            #expect(back.map { JSONValue.object($0.parameters) } == .object(spec.parameters))
        }
    }

    /// One chain from a random product state records the occupations it drew, as output:
    /// they are the state of realization 0, and reading the file back keeps the state drawn
    /// (not explicit). An ensemble records none.
    @Test func drawnOccupationsAreOutputNotInput() throws {
        let spec = RunSpec(
            chain: ChainSpec(length: 10, potentials: (0..<10).map { 0.1 * Double($0) }, seed: 5),
            initial: .product(particles: 4, occupations: nil), times: [0, 1],
            solver: .trajectories(scheme: .strang, dt: 0.1, noiseRealizations: 8))
        let parameters = JSONValue.object(spec.parameters)
        guard case .product(let occupations) = spec.initialState(realization: 0) else {
            Issue.record("a product state")
            return
        }
        #expect(parameters["drawn_occupations"] == .numbers(occupations.map(Double.init)))
        #expect(occupations.reduce(0, +) == 4)
        let back = try Self.roundTrip(spec)
        #expect(back.initial == .product(particles: 4, occupations: nil))
        var ensemble = spec
        ensemble.chain.potentials = nil
        ensemble.chain.realizations = 3
        #expect(JSONValue.object(ensemble.parameters)["drawn_occupations"] == nil)
        var explicit = spec
        explicit.initial = .product(particles: 4, occupations: occupations)
        #expect(JSONValue.object(explicit.parameters)["drawn_occupations"] == nil)
    }

    /// Files written before several noisy sites were possible hold only the scalar
    /// `noise_site` and `gamma`: they read as one noisy site.
    @Test func scalarNoiseOfEarlierFilesReadsAsOneSite() throws {
        let parameters: JSONValue = .object([
            ("length", .number(8)), ("hopping", .number(1)), ("disorder", .number(1)),
            ("gamma", .number(0.5)),
            ("noise_site", .number(3)), ("seed", .string("4")), ("realizations", .number(2)),
            ("initial", .string("product")),
            ("particles", .number(4)), ("scheme", .string("lie")), ("dt", .number(0.1)),
            ("noise_realizations", .number(5)),
        ])
        let spec = try RunSpec(
            solver: "trajectories", parameters: parameters, times: [0, 1], observables: nil)
        #expect(spec.chain.noiseSites == [2] && spec.chain.gammas == [0.5])
        #expect(spec.solver == .trajectories(scheme: .lie, dt: 0.1, noiseRealizations: 5))
    }

    /// A damaged field is refused by name, never read as a default.
    @Test(arguments: [
        ("noise_sites", JSONValue.numbers([3, 3])), ("gammas", .numbers([1, 2, 3])),
        ("scheme", .string("exact")),
        ("noise_realizations", .number(2.5)), ("seed", .string("-1")),
        ("initial", .string("thermal")),
    ])
    func damagedFieldIsRefusedByName(key: String, value: JSONValue) throws {
        let spec = RunSpec(
            chain: ChainSpec(
                length: 8, noiseSites: [2, 5], gammas: [0.3, 2], seed: 4, realizations: 2),
            initial: .product(particles: 4, occupations: nil), times: [0, 1],
            solver: .trajectories(scheme: .strang, dt: 0.1, noiseRealizations: 4))
        let damaged = JSONValue.object(spec.parameters.map { $0.0 == key ? (key, value) : $0 })
        #expect {
            _ = try RunSpec(
                solver: "trajectories", parameters: damaged, times: [0, 1], observables: nil)
        } throws: { ($0 as? InputError)?.option == "parameters.\(key)" }
    }
}
