package io.github.fp8sim.datapath.mac;

/**
 * The size of the systolic MAC array: {@code rows} x {@code cols} processing elements (SCALE-Sim's
 * R x C). For {@link ArrayDataflow#WS} and {@link ArrayDataflow#IS} the number of rows is the reduction height:
 * K is summed in tiles of {@code rows} products before reaching the accumulator.
 *
 * @param rows R, the number of PE rows (>= 1)
 * @param cols C, the number of PE columns (>= 1)
 */
public record ArrayShape(int rows, int cols) {

    public ArrayShape {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("array shape must be at least 1x1, got " + rows + "x" + cols);
        }
    }

    /** Number of processing elements, rows x cols. */
    public long peCount() {
        return (long) rows * cols;
    }

    @Override
    public String toString() {
        return rows + "x" + cols;
    }
}
