package io.github.fp8sim.workloads.graph;

/**
 * Mean over the spatial axes, flattened (torchvision's {@code AdaptiveAvgPool2d(1)} then
 * {@code flatten(1)}). Input {@code x [N, C, H, W]}; output {@code [N, C]}.
 */
public record GlobalAvgPool() implements Op {

    @Override
    public String kind() {
        return "globalavgpool";
    }
}
