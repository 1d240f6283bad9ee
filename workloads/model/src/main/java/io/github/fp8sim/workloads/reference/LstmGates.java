package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import java.util.List;

import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * The gate phase of an LSTM step ({@link io.github.fp8sim.workloads.graph.LstmCell}), after the gate
 * pre-activations {@code z [B, 4H]} (gates i, f, g, o): {@code c' = sigmoid(f) c + sigmoid(i) tanh(g)} and
 * {@code h' = sigmoid(o) tanh(c')}, each in double and rounded to float once, {@code h'} from the rounded
 * {@code c'}. Shared by the reference and by engines that compute z their own way (the FP8 engine's array).
 */
public final class LstmGates {

    private LstmGates() {}

    /** {@code [h', c']} from {@code z} and the previous cell state {@code c [B, H]}. */
    public static List<FloatTensor> apply(float[] z, FloatTensor c) {
        TensorShape shape = c.shape();
        int batch = shape.dim(0);
        int hidden = shape.dim(1);
        int gates = 4 * hidden;
        float[] hNext = new float[batch * hidden];
        float[] cNext = new float[batch * hidden];
        for (int b = 0; b < batch; b++) {
            int zb = b * gates;
            for (int j = 0; j < hidden; j++) {
                double i = Functions.sigmoid(z[zb + j]);
                double f = Functions.sigmoid(z[zb + hidden + j]);
                double g = StrictMath.tanh(z[zb + 2 * hidden + j]);
                double o = Functions.sigmoid(z[zb + 3 * hidden + j]);
                float cj = (float) (f * c.data()[b * hidden + j] + i * g);
                cNext[b * hidden + j] = cj;
                hNext[b * hidden + j] = (float) (o * StrictMath.tanh(cj));
            }
        }
        return List.of(new FloatTensor(shape, hNext), new FloatTensor(shape, cNext));
    }
}
