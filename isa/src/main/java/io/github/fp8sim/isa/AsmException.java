package io.github.fp8sim.isa;

/** Malformed assembly text; the message is {@code FILE:LINE:COLUMN: what was expected, what was found}. */
public final class AsmException extends IsaException {
    private final String fileName;
    private final int line;
    private final int column;
    private final String problem;

    /**
     * A syntax error at a place in a source file.
     *
     * @param fileName the file (or a label such as {@code <input>})
     * @param line     1-based line
     * @param column   1-based column (a tab counts as one column)
     * @param problem  what was expected and what was found
     */
    public AsmException(String fileName, int line, int column, String problem) {
        super(fileName + ":" + line + ":" + column + ": " + problem);
        this.fileName = fileName;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** The file name given to the assembler. */
    public String fileName() {
        return fileName;
    }

    /** 1-based line. */
    public int line() {
        return line;
    }

    /** 1-based column. */
    public int column() {
        return column;
    }

    /** The message without the location. */
    public String problem() {
        return problem;
    }
}
