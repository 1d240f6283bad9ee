package io.github.fp8sim.workloads.graph;

/**
 * One time step of an LSTM layer (Hochreiter and Schmidhuber 1997; gate form as in Wu et al. 2016 eq. 1).
 * Inputs: {@code x [B, In]}, {@code h [B, H]}, {@code c [B, H]}, {@code wIh [4H, In]}, {@code wHh [4H, H]},
 * {@code bias [4H]}. Outputs: {@code h' [B, H]}, {@code c' [B, H]}, where
 * {@code z = x wIh^T + h wHh^T + bias} is split into gates in the order i, f, g, o (PyTorch's order),
 * {@code c' = sigmoid(f) c + sigmoid(i) tanh(g)}, {@code h' = sigmoid(o) tanh(c')}.
 */
public record LstmCell() implements Op {

    @Override
    public String kind() {
        return "lstmcell";
    }
}
