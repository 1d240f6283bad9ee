package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fp8sim.datapath.random.RandomKind;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.workloads.train.Fp8Numerics;
import io.github.fp8sim.workloads.train.GemmEngine;
import io.github.fp8sim.workloads.train.MasterWeights;
import io.github.fp8sim.workloads.train.Trainer;
import org.junit.jupiter.api.Test;
import io.github.fp8sim.datapath.format.FloatFormat;
import picocli.CommandLine;

/** The command line's defaults are the API's defaults (ARCHITECTURE.md section 2), parsed by the API's parsers. */
class DefaultsTest {

    @Test
    void quantizeDefaultsEqualTheApiDefaults() {
        QuantizeCommand cmd = new QuantizeCommand();
        CommandLine cli = new CommandLine(cmd);
        Converters.register(cli);
        cli.parseArgs("--format", "e5m2", "--input", "x.csv");
        FloatFormat format = FloatFormat.parse(cmd.formatName);
        QuantSpec api = QuantSpec.of(format, Rounding.RNE, Overflow.SATURATE);
        assertEquals(api, cmd.quant.toSpec(format));
        assertEquals(8, cmd.quant.srBits, "ARCHITECTURE.md: r = 8 for FP8 outputs");
        assertEquals(RandomKind.LFSR, cmd.randomKind, "ARCHITECTURE.md: lfsr is the default hardware model");
    }

    @Test
    void trainRunsItsGemmsOnTheArrayByDefaultAsTheApiDoes() {
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs();
        assertEquals(GemmEngine.Kind.ARRAY.cliName(), cmd.gemmEngine, "Fp8Numerics' four-argument constructor's engine");
    }

    @Test
    void trainsDefaultNumericsAreThePapersRecipe() {
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs();
        Trainer.Numerics n = cmd.numerics();
        assertEquals(Trainer.Precision.FP8, n.precision());
        assertEquals(Fp8Numerics.Recipe.paper(), n.recipe());
        assertEquals(MasterWeights.Storage.FP16, n.master());
        assertEquals(Rounding.SR, n.masterRounding());
        assertEquals(Trainer.Precision.FP8.defaultLossScale(), n.lossScale());
    }

    @Test
    void programsRunFunctionalAndWorkloadsTimingByDefault() {
        ExecCommand exec = new ExecCommand();
        parse(exec, "p.s");
        assertEquals(Mode.FUNCTIONAL, exec.mode);
        TraceCommand.Record record = new TraceCommand.Record();
        parse(record, "--trace", "t.csv", "p.s");
        assertEquals(Mode.FUNCTIONAL, record.mode);
        RunCommand run = new RunCommand();
        parse(run, "--model", "resnet8");
        assertEquals(Mode.TIMING, run.mode);
    }

    /** Parses as fp8sim does: enum values in lower case. */
    private static void parse(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.parseArgs(args);
    }
}
