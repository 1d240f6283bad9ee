package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import java.util.Map;

import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.models.ResNet;
import io.github.fp8sim.workloads.weights.Weights;

/**
 * Prints the wall time of FP32 reference runs of ResNet-18 and ResNet-50 at 224x224, batch 1 (not a test:
 * timing never decides pass or fail). Run from the module with the test classpath, e.g.
 * {@code java -cp target/classes:target/test-classes:... io.github.fp8sim.workloads.reference.ReferenceTimingMain [depth...]}.
 */
public final class ReferenceTimingMain {

    private ReferenceTimingMain() {}

    public static void main(String[] args) {
        String[] depths = args.length == 0 ? new String[] {"18", "50"} : args;
        for (String d : depths) {
            Graph g = ResNet.build(ResNet.imagenet(Integer.parseInt(d), 1));
            ReferenceExecutor exec = new ReferenceExecutor(g, Weights.seeded(g, 1));
            Map<String, FloatTensor> in = Map.of(
                    "image", TestTensors.uniform(TensorShape.of(1, 3, 224, 224), 7, 1.0),
                    "labels", FloatTensor.of(TensorShape.of(1), 3f));
            for (int run = 1; run <= 4; run++) {
                long t0 = System.nanoTime();
                ReferenceResult r = exec.run(in);
                double s = (System.nanoTime() - t0) * 1e-9;
                System.out.printf("resnet%s 224x224 batch 1, run %d%s: %.2f s, %.1f GMAC/s, %d tensors kept%n", d, run,
                        run == 1 ? " (includes seeded weight generation)" : "", s, g.totalMacs() / s * 1e-9,
                        r.tensors().size());
            }
        }
    }
}
