package io.github.fp8sim.cli;

import java.nio.file.Path;
import java.util.Locale;

import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.models.ModelZoo;
import io.github.fp8sim.workloads.weights.Weights;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options of a model workload besides its name ({@code run --model}, {@code trace record --model}), and what they build. */
final class ModelOptions {

    @Option(names = "--batch", defaultValue = Defaults.RUN_BATCH, paramLabel = "N", description = "Samples per run for --model (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--weights", paramLabel = "W.bin", description = "Weights for --model (FP8SIMW1 file); default: seeded He/Xavier initialisation.")
    Path weights;

    /**
     * The graph of model {@code name} at {@code --batch}.
     *
     * @throws ParameterException for an ONNX file (not supported yet), an unknown name or a batch below 1
     */
    Graph graph(CommandLine cli, String name) {
        if (name.toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            throw new ParameterException(cli, "--model " + name + ": ONNX import is not supported yet; give a model name ("
                    + String.join(", ", ModelZoo.names()) + ")");
        }
        if (!ModelZoo.names().contains(name)) {
            throw new ParameterException(cli, "unknown model '" + name + "' (known: " + String.join(", ", ModelZoo.names()) + ")");
        }
        if (batch < 1) {
            throw new ParameterException(cli, "--batch must be at least 1, got " + batch);
        }
        return ModelZoo.build(name, batch);
    }

    /** {@code --weights}, or the weights seeded from {@code seed}. */
    Weights weights(Graph graph, long seed) {
        return weights == null ? Weights.seeded(graph, seed) : Weights.load(graph, weights);
    }

    /** Whether {@code --batch} or {@code --weights} was given (they need a model). */
    boolean given(CommandLine cli) {
        return weights != null || cli.getParseResult().hasMatchedOption("--batch");
    }
}
