package io.github.fp8sim.workloads.autodiff;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.Functions;

/**
 * The gate phase of an LSTM step's backward ({@link RecurrentBackward}'s formulas): from the gate
 * pre-activations {@code z [B, 4H]}, the cell states and the incoming gradients, the gradient of z
 * (which then feeds the step's GEMMs) and of the previous cell state. In double, each output rounded to
 * float once. Public for engines that run the GEMMs around it their own way (the FP8 engine's array).
 *
 * @param dz the gradient of z, {@code [B * 4H]} row-major
 * @param dc the gradient of the previous cell state {@code c [B, H]}
 */
public record LstmGateGradients(float[] dz, FloatTensor dc) {

    /**
     * @param cNext  the forward's rounded {@code c'}
     * @param dhNext the gradient of {@code h'}, or null for none
     * @param dcNext the gradient of {@code c'}, or null for none
     */
    public static LstmGateGradients of(float[] z, FloatTensor c, FloatTensor cNext, FloatTensor dhNext, FloatTensor dcNext) {
        int batch = c.shape().dim(0);
        int hidden = c.shape().dim(1);
        int gates = 4 * hidden;
        float[] dh1 = Grads.orZeros(dhNext, c.shape());
        float[] dc1 = Grads.orZeros(dcNext, c.shape());
        float[] dz = new float[batch * gates];
        double[] dc = new double[batch * hidden];
        for (int b = 0; b < batch; b++) {
            int zb = b * gates;
            for (int j = 0; j < hidden; j++) {
                int s = b * hidden + j;
                double zi = z[zb + j];
                double zf = z[zb + hidden + j];
                double zg = z[zb + 2 * hidden + j];
                double zo = z[zb + 3 * hidden + j];
                double i = Functions.sigmoid(zi);
                double f = Functions.sigmoid(zf);
                double g = StrictMath.tanh(zg);
                double o = Functions.sigmoid(zo);
                double cn = cNext.data()[s];
                double total = dc1[s] + dh1[s] * o * ElementwiseBackward.tanhSlope(cn);
                dz[zb + j] = (float) (total * g * (i * Functions.sigmoid(-zi)));
                dz[zb + hidden + j] = (float) (total * c.data()[s] * (f * Functions.sigmoid(-zf)));
                dz[zb + 2 * hidden + j] = (float) (total * i * ElementwiseBackward.tanhSlope(zg));
                dz[zb + 3 * hidden + j] = (float) (dh1[s] * StrictMath.tanh(cn) * (o * Functions.sigmoid(-zo)));
                dc[s] = total * f;
            }
        }
        return new LstmGateGradients(dz, Grads.rounded(c.shape(), dc));
    }
}
