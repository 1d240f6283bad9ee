package io.github.fp8sim.workloads.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.autodiff.GradientResult;
import io.github.fp8sim.workloads.autodiff.GraphGradients;
import io.github.fp8sim.workloads.autodiff.Fp32Numerics;
import io.github.fp8sim.workloads.autodiff.OpNumerics;
import io.github.fp8sim.workloads.data.ImageSplits;
import io.github.fp8sim.workloads.data.Shuffle;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.tensor.Digests;
import io.github.fp8sim.workloads.weights.Weights;

/**
 * Trains a model with mini-batch SGD or Adam, in FP32 (the baseline) or with the paper's FP8 recipe
 * ({@link Fp8Numerics}: every GEMM on the modelled MAC array with FP8 operands, called directly or run
 * as compiled ISA programs ({@link Numerics#gemmEngine()}); FP16 master weights updated with stochastic
 * rounding; loss scaling). Each epoch visits the training set in a seeded order (a partial last batch
 * is dropped) and then scores the model on the task's held-out test ({@link TrainingTask#evaluate})
 * with inference semantics and the same numerics.
 *
 * <p>A step: forward and backward of {@code scale x loss}; if the loss scaler sees an overflow (the
 * FP8 engine's check before conversion, or any non-finite gradient) the step is skipped and the scale
 * drops; otherwise each trainable parameter's gradient is unscaled in FP32 ({@code g / scale}, exact
 * for a power of two) and the optimizer updates its master copy. BatchNorm running statistics move on
 * every step.
 */
public final class Trainer {

    /** FP32 everywhere, or the FP8 recipe. */
    public enum Precision {
        FP32, FP8;

        /** The master weights this precision keeps unless told otherwise: FP16 in the FP8 recipe, else FP32. */
        public MasterWeights.Storage defaultMaster() {
            return this == FP8 ? MasterWeights.Storage.FP16 : MasterWeights.Storage.FP32;
        }

        /** The {@link LossScaler#parse} text this precision trains with unless told otherwise: dynamic in the FP8 recipe, else none. */
        public String defaultLossScale() {
            return this == FP8 ? "dynamic" : "none";
        }
    }

    /** The update rule: SGD with momentum (PyTorch's {@code torch.optim.SGD}) or Adam ({@code torch.optim.Adam}). */
    public enum Method { SGD, ADAM }

    /** The learning rate over the run: constant, or cosine decay from {@code lr} to 0 over all steps (Loshchilov and Hutter 2017). */
    public enum Schedule { CONSTANT, COSINE }

    /**
     * How the run's arithmetic is done.
     *
     * @param precision      FP32 everywhere, or the FP8 recipe
     * @param recipe         the FP8 formats and roundings, and the layers kept in FP32 (read for {@link Precision#FP8})
     * @param master         FP16 (the recipe) or FP32 master weights
     * @param masterRounding how the FP16 master is updated: SR (r = 13) or RNE
     * @param lossScale      {@link LossScaler#parse} text
     * @param gemmEngine     how the FP8 recipe's GEMMs run: the MAC array called directly, or compiled to ISA
     *                       programs executed on the machine (the same bits, plus their measured cost); FP32
     *                       training has no GEMM on the machine, so it takes {@link GemmEngine.Kind#ARRAY} only
     */
    public record Numerics(Precision precision, Fp8Numerics.Recipe recipe, MasterWeights.Storage master,
                           Rounding masterRounding, String lossScale, GemmEngine.Kind gemmEngine) {

        public Numerics {
            Objects.requireNonNull(gemmEngine, "gemmEngine");
            if (precision == Precision.FP32 && gemmEngine != GemmEngine.Kind.ARRAY) {
                throw new IllegalArgumentException("FP32 training runs no GEMM on the machine: the "
                        + gemmEngine.cliName() + " GEMM engine needs the FP8 recipe");
            }
        }

        /**
         * For people: {@code "FP32"}, or the FP8 formats, roundings, layers kept in FP32, master weights,
         * loss scaling and GEMM engine.
         */
        public String describe() {
            if (precision == Precision.FP32) {
                return "FP32";
            }
            Set<String> kept = recipe.fp32Layers();
            return String.format(Locale.ROOT, "FP8 %s (forward rne, errors and gradients %s%s), %s master%s, loss scale %s%s",
                    recipe.activation().name(), recipe.backward().name().toLowerCase(Locale.ROOT),
                    kept.isEmpty() ? "" : "; in FP32: " + Fp32Layers.describe(kept),
                    master.name().toLowerCase(Locale.ROOT),
                    master == MasterWeights.Storage.FP16 ? " (" + masterRounding.name().toLowerCase(Locale.ROOT) + ")" : "",
                    lossScale,
                    gemmEngine == GemmEngine.Kind.ISA ? ", GEMMs as ISA programs" : "");
        }
    }

    /**
     * The update rule and its learning rate.
     *
     * @param method   the optimizer; {@code momentum} is SGD's (Adam uses PyTorch's default betas and eps)
     * @param lr       the (peak) learning rate
     * @param schedule how {@code lr} moves over the run
     */
    public record Optimization(Method method, double lr, Schedule schedule, double momentum, double weightDecay) {

        /** For people: {@code "adam lr 0.001 cosine"}. */
        public String describe() {
            return method.name().toLowerCase(Locale.ROOT) + " lr " + lr + " " + schedule.name().toLowerCase(Locale.ROOT);
        }

        /** The optimizer these settings ask for, for a run of {@code totalSteps} steps. */
        public Optimizer optimizer(long totalSteps) {
            LrSchedule rate = schedule == Schedule.COSINE ? new LrSchedule.Cosine(lr, 0, Math.max(1, totalSteps))
                    : new LrSchedule.Constant(lr);
            return method == Method.ADAM ? new Adam(rate, 0.9, 0.999, 1e-8, weightDecay)
                    : new Sgd(rate, momentum, weightDecay, false);
        }
    }

    /**
     * How long the run trains, in batches of what size, and which weights are the final model.
     *
     * @param averagedEpochs the final model is the mean of the master weights at the end of the last this many
     *                       epochs (checkpoint averaging, Vaswani et al. 2017 section 6.1); 1 is the last weights
     *                       alone; training itself is the same either way
     */
    public record Length(int epochs, int batch, int averagedEpochs) {

        public Length {
            if (averagedEpochs < 1 || averagedEpochs > epochs) {
                throw new IllegalArgumentException("averagedEpochs " + averagedEpochs + " must be in [1, epochs = " + epochs + "]");
            }
        }

        /** {@code epochs} of batches of {@code batch}, the final model the last weights. */
        public Length(int epochs, int batch) {
            this(epochs, batch, 1);
        }
    }

    /**
     * Where and from what seed the run executes.
     *
     * @param seed    the seed of the weights, the data order and every random bit
     * @param threads host threads; the bits are the same for any count
     * @param machine the modelled machine the FP8 GEMMs (and, with the ISA engine, the updates) run on
     */
    public record Run(long seed, int threads, MachineConfig machine) {
    }

    /** A training run: its numerics, optimizer, length and execution. */
    public record Config(Numerics numerics, Optimization optimization, Length length, Run run) {

        public Config {
            Objects.requireNonNull(numerics, "numerics");
            Objects.requireNonNull(optimization, "optimization");
            Objects.requireNonNull(length, "length");
            Objects.requireNonNull(run, "run");
        }

        /** This configuration trained from another seed (weights, data order, random bits). */
        public Config withSeed(long s) {
            return new Config(numerics, optimization, length, new Run(s, run.threads(), run.machine()));
        }

        /** This configuration with the final model the mean of the last {@code k} epochs' weights. */
        public Config withAveragedEpochs(int k) {
            return new Config(numerics, optimization, new Length(length.epochs(), length.batch(), k), run);
        }

        /** How many epochs' weights the final model averages: at least 1 (the last weights alone). */
        public int averagedEpochs() {
            return length.averagedEpochs();
        }

        /** The master weights' storage ({@link Numerics#master()}). */
        public MasterWeights.Storage master() {
            return numerics.master();
        }

        /** The FP16 master's rounding ({@link Numerics#masterRounding()}). */
        public Rounding masterRounding() {
            return numerics.masterRounding();
        }

        /** The modelled machine ({@link Run#machine()}). */
        public MachineConfig machine() {
            return run.machine();
        }

        /** The optimizer this configuration asks for, for a run of {@code totalSteps} steps. */
        public Optimizer optimizer(long totalSteps) {
            return optimization.optimizer(totalSteps);
        }
    }

    /**
     * One epoch of the learning curve.
     *
     * @param testScore the task's test score after the epoch ({@link TrainingTask#metric()})
     */
    public record Epoch(int epoch, double trainLoss, double testScore, float lossScale, long skippedSteps, double seconds) {
    }

    /**
     * @param testScore     the final model's test score: the last epoch's, or with {@link Length#averagedEpochs()} above 1
     *                      that of the averaged weights
     * @param weightsSha256 SHA-256 of every parameter's stored bits at the end of training (master codes for
     *                      trainable ones, FP32 for BatchNorm statistics), little-endian, in the graph's order;
     *                      checkpoint averaging does not change them
     * @param executedGemms with the ISA GEMM engine, the cost of every GEMM program the run executed
     *                      (training steps and evaluations)
     * @param executedUpdates with the ISA GEMM engine, the cost of the optimizer-update programs
     *                      ({@link ProgramUpdate}), which compute the same weights as the host's update
     */
    public record Result(List<Epoch> curve, double testScore, List<ScaleEvent> scaleEvents, long steps,
                         long skippedSteps, String weightsSha256, Map<String, float[]> weights,
                         Optional<ExecutedGemms> executedGemms, Optional<ExecutedUpdates> executedUpdates) {
    }

    private Trainer() {
    }

    /**
     * Trains an image classifier: {@link #train(TrainingTask, Config, Consumer)} of an {@link ImageClassification}.
     *
     * @param model a classifier graph (with loss) for a batch size: inputs {@code image} and {@code labels},
     *              output {@code fc} logits
     */
    public static Result train(IntFunction<Graph> model, ImageSplits data, Config c, Consumer<Epoch> onEpoch) {
        return train(new ImageClassification(model, data), c, onEpoch);
    }

    /** Trains {@code task}'s model as {@code c} says, reporting each epoch to {@code onEpoch}. */
    public static Result train(TrainingTask task, Config c, Consumer<Epoch> onEpoch) {
        Graph graph = task.graph(c.length().batch());
        if (c.numerics().precision() == Precision.FP8) {
            GemmEngine.requireSeed(c.numerics().gemmEngine(), c.run().seed());
            GemmEngine.requireRunnable(c.numerics().gemmEngine(), c.machine(), graph, c.numerics().recipe().fp32Layers());     // fail before the first step
        }
        Weights init = Weights.seeded(graph, c.run().seed());
        List<Tensor> params = graph.parameters();
        Map<String, MasterWeights> masters = new LinkedHashMap<>();
        Map<String, OptimizerState> states = new LinkedHashMap<>();
        Map<String, FloatTensor> fixed = new LinkedHashMap<>();     // BatchNorm statistics
        int perEpoch = task.trainSize() / c.length().batch();
        Optimizer optimizer = c.optimizer((long) perEpoch * c.length().epochs());
        UpdateRandomness randomness = new UpdateRandomness.Philox(c.run().seed(), 1);
        for (int i = 0; i < params.size(); i++) {
            Tensor t = params.get(i);
            float[] v = init.get(t);
            if (!t.tensorClass().trainable()) {
                fixed.put(t.name(), new FloatTensor(t.shape(), v));
                continue;
            }
            masters.put(t.name(), c.master() == MasterWeights.Storage.FP16
                    ? MasterWeights.fp16(i, v, MasterWeights.fp16Update(c.masterRounding(), Overflow.SATURATE), randomness)
                    : MasterWeights.fp32(i, v));
            states.put(t.name(), optimizer.newState(v.length));
        }
        LossScaler scaler = LossScaler.parse(c.numerics().lossScale());
        CheckpointAverage average = new CheckpointAverage(c.averagedEpochs());
        List<Epoch> curve = new ArrayList<>();
        long step = 0;
        double score = 0;
        Optional<ExecutedGemms> executed = Optional.empty();
        Optional<ExecutedUpdates> executedUpdates = Optional.empty();
        try (GemmThreads threads = GemmThreads.of(c.run().threads())) {
            Fp8Numerics fp8 = c.numerics().precision() == Precision.FP8
                    ? new Fp8Numerics(c.numerics().recipe(), c.machine(), threads, c.run().seed(), c.numerics().gemmEngine()) : null;
            // FP32: the reference's bits, its GEMMs shared by the host threads (Fp32Numerics)
            OpNumerics numerics = fp8 == null ? new Fp32Numerics(threads) : fp8;
            // the ISA engine runs the optimizer update as programs too, with the host update's bits
            ProgramUpdate updates = fp8 != null && c.numerics().gemmEngine() == GemmEngine.Kind.ISA
                    ? new ProgramUpdate(c.machine(), c.run().seed()) : null;
            TrainingTask.Inference inference = (g, inputs) -> new GraphGradients(g, values(g, masters, fixed))
                    .numerics(numerics).infer(inputs);
            for (int epoch = 1; epoch <= c.length().epochs(); epoch++) {
                long t0 = System.nanoTime();
                int[] order = Shuffle.permutation(task.trainSize(), c.run().seed() * 1_000_003L + epoch);
                double lossSum = 0;
                int counted = 0;
                for (int b = 0; b < perEpoch; b++) {
                    int[] idx = java.util.Arrays.copyOfRange(order, b * c.length().batch(), (b + 1) * c.length().batch());
                    if (fp8 != null) {
                        fp8.beginStep(step);
                    }
                    float scale = scaler.scale();
                    GraphGradients gg = new GraphGradients(graph, values(graph, masters, fixed)).numerics(numerics);
                    GradientResult r = gg.run(task.trainBatch(idx), scale, false);
                    boolean overflow = (fp8 != null && fp8.overflowed()) || !finite(r);
                    if (!scaler.update(overflow)) {
                        float inv = 1f / scale;
                        for (Map.Entry<String, MasterWeights> e : masters.entrySet()) {
                            float[] scaled = r.parameterGradient(e.getKey()).data();
                            if (updates != null) {
                                updates.step(optimizer, e.getValue(), scaled, inv, states.get(e.getKey()), step);
                                continue;
                            }
                            float[] g = scaled.clone();
                            for (int i = 0; i < g.length; i++) {
                                g[i] *= inv;
                            }
                            optimizer.step(e.getValue(), g, states.get(e.getKey()), step);
                        }
                    }
                    for (Map.Entry<String, FloatTensor> e : r.runningStatistics().entrySet()) {
                        fixed.put(e.getKey(), e.getValue());
                    }
                    if (Float.isFinite(r.loss())) {
                        lossSum += r.loss();
                        counted++;
                    }
                    step++;
                }
                score = task.evaluate(inference, c.length().batch());
                if (epoch > c.length().epochs() - c.averagedEpochs() && c.averagedEpochs() > 1) {
                    average.add(masters);
                }
                Epoch e = new Epoch(epoch, counted == 0 ? Double.NaN : lossSum / counted, score, scaler.scale(),
                        scaler.skippedSteps(), (System.nanoTime() - t0) * 1e-9);
                curve.add(e);
                onEpoch.accept(e);
            }
            if (c.averagedEpochs() > 1) {
                Map<String, FloatTensor> averaged = average.values(graph, fixed);
                score = task.evaluate((g, inputs) -> new GraphGradients(g, averaged).numerics(numerics).infer(inputs), c.length().batch());
            }
            if (fp8 != null) {
                executed = fp8.executedGemms();
            }
            if (updates != null) {
                executedUpdates = Optional.of(updates.executed());
            }
        }
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (Tensor t : params) {
            weights.put(t.name(), masters.containsKey(t.name()) ? masters.get(t.name()).values() : fixed.get(t.name()).data().clone());
        }
        return new Result(curve, score, scaler.events(), step, scaler.skippedSteps(), digest(params, masters, fixed), weights,
                executed, executedUpdates);
    }

    private static Map<String, FloatTensor> values(Graph g, Map<String, MasterWeights> masters, Map<String, FloatTensor> fixed) {
        Map<String, FloatTensor> v = new LinkedHashMap<>();
        for (Tensor t : g.parameters()) {
            MasterWeights m = masters.get(t.name());
            v.put(t.name(), m != null ? new FloatTensor(t.shape(), m.values()) : fixed.get(t.name()));
        }
        return v;
    }

    private static boolean finite(GradientResult r) {
        for (FloatTensor g : r.parameterGradients().values()) {
            for (float x : g.data()) {
                if (!Float.isFinite(x)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String digest(List<Tensor> params, Map<String, MasterWeights> masters, Map<String, FloatTensor> fixed) {
        MessageDigest sha = Digests.sha256();
        for (Tensor t : params) {
            MasterWeights m = masters.get(t.name());
            ByteBuffer b;
            if (m != null && m.storage() == MasterWeights.Storage.FP16) {
                short[] codes = m.codes();
                b = ByteBuffer.allocate(2 * codes.length).order(ByteOrder.LITTLE_ENDIAN);
                for (short s : codes) {
                    b.putShort(s);
                }
            } else {
                float[] v = m != null ? m.values() : fixed.get(t.name()).data();
                b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) {
                    b.putInt(Float.floatToRawIntBits(f));
                }
            }
            sha.update(b.array());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
