import Foundation
import Testing
import AndersonNoise
import TestSupport

/// The panel of Fig. 5e's fits (`SpacingFit`, tested in FiguresTests) that `figure 5 --quick`
/// (and `merge`) writes.
@Suite struct SpacingPanelTests {
    /// `figure 5 --quick` writes panels 5d and 5e; 5e's JSON records the xi used, every fit
    /// with its error and window, the crossover times with the predictions, R(t_max) against
    /// L/2 and the slope; its t_l is l^2 / (2 D) (1e-12) and R(t_max) is below L/2 / 4 (the
    /// chain holds the profile). Running the command again on the finished directory continues
    /// it (nothing left to run; it was refused before, because the master runs' --xi was
    /// compared with a placeholder), and it and `merge` of the directory render the same 5e.
    @Test func quickFigureWritesTheSpacingPanel() throws {
        let dir = CLI.temporaryPath()
        let out = try CLI.run([
            "figure", "5", "--quick", "--output", dir, "--quiet", "--threads", "1",
        ])
        #expect(out.status == 0, "\(out.stderr)")
        for file in [
            "panel-5d.json", "panel-5d.svg", "panel-5e.json", "panel-5e.csv", "panel-5e.svg",
        ] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + file), "\(file)")
        }
        let panel = try JSONValue.parse(
            Data(contentsOf: URL(fileURLWithPath: dir + "/panel-5e.json")))
        let a = try #require(panel["spacing_analysis"])
        let xi = try #require(a["xi_noise"]?.doubleValue)
        #expect(xi > 1.9 && xi < 2.2, "xi_noise(W = 3) = 2.044 at default statistics")
        #expect(a["disorder"]?.doubleValue == 3 && a["xi_noise_stderr"]?.doubleValue != nil)
        let spacings = try #require(a["spacings"]?.arrayValue)
        #expect(spacings.compactMap { $0["spacing"]?.doubleValue } == [4, 6, 8])
        for s in spacings {
            for field in [
                "run", "length", "realizations", "noise_realizations", "t_max", "fit_window",
                "fit_points", "diffusion_constant",
                "diffusion_constant_stderr", "offset", "offset_stderr", "crossover_time",
                "crossover_time_stderr",
                "predicted_crossover_time_xi_noise", "predicted_crossover_time_xi_noise_half",
                "rms_displacement_at_t_max", "half_length", "long_time_diffusion_constant",
                "long_time_diffusion_constant_stderr", "long_time_crossover_time",
                "long_time_crossover_time_stderr", "finite_window_excess",
                "hopping_long_time_diffusion_constant",
                "hopping_long_time_diffusion_constant_stderr", "quantum_to_hopping_ratio",
                "quantum_to_hopping_ratio_stderr",
            ] {
                #expect(s[field] != nil, "\(field)")
            }
            let l = try #require(s["spacing"]?.doubleValue),
                d = try #require(s["diffusion_constant"]?.doubleValue)
            let t = try #require(s["crossover_time"]?.doubleValue)
            #expect(abs(t * 2 * d / (l * l) - 1) < 1e-12)
            #expect((s["diffusion_constant_stderr"]?.doubleValue ?? 0) > 0)
            #expect(
                abs((s["predicted_crossover_time_xi_noise"]?.doubleValue ?? 0) - exp(l / xi) / xi)
                    < 1e-9 * exp(l / xi))
            let r = try #require(s["rms_displacement_at_t_max"]?.doubleValue),
                half = try #require(s["half_length"]?.doubleValue)
            #expect(r < half / 4, "R(t_max) = \(r), L/2 = \(half)")
        }
        let longTime = try #require(a["long_time"])
        for field in [
            "method", "cells", "rings", "band_centre_xi", "fit", "gamma_scan", "hopping",
        ] {
            #expect(longTime[field] != nil, "long_time \(field)")
        }
        let scan = try #require(longTime["gamma_scan"]?.arrayValue)
        #expect(scan.compactMap { $0["gamma"]?.doubleValue } == [0.01, 0.1, 0.3, 1, 3])
        for row in scan {
            #expect(row["quantum_to_hopping_ratio"]?.flattenedNumbers?.count == 3)
        }
        for field in ["slope", "slope_stderr", "chi_squared", "degrees_of_freedom", "local_slopes"]
        {
            #expect(longTime["fit"]?[field] != nil, "long_time fit \(field)")
        }
        let slope = try #require(a["slope"])
        for field in [
            "value", "value_stderr", "intercept", "intercept_stderr", "predicted_xi_noise",
            "predicted_xi_noise_half",
            "z_xi_noise", "z_xi_noise_half", "effective_xi", "effective_xi_stderr", "chi_squared",
        ] {
            #expect(slope[field] != nil, "slope \(field)")
        }
        let rerun = try CLI.run([
            "figure", "5", "--quick", "--output", dir, "--quiet", "--threads", "2",
        ])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(
            try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: dir + "/panel-5e.json")))
                == panel)
        let merged = CLI.temporaryPath()
        let m = try CLI.run(["merge", dir, "--output", merged])
        #expect(m.status == 0, "\(m.stderr)")
        let again = try JSONValue.parse(
            Data(contentsOf: URL(fileURLWithPath: merged + "/panel-5e.json")))
        #expect(again == panel)
    }
}
