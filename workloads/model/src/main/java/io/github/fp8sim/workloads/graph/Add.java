package io.github.fp8sim.workloads.graph;

/**
 * Elementwise sum of two tensors with NumPy broadcasting (dimensions aligned from the right; each pair
 * equal or one of them 1). Inputs {@code a}, {@code b}; output the broadcast shape.
 */
public record Add() implements Op {

    @Override
    public String kind() {
        return "add";
    }
}
