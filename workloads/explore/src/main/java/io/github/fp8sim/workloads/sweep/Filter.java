package io.github.fp8sim.workloads.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One {@code where} filter of a sweep: a comparison of two arithmetic expressions, e.g.
 * {@code scratchpad.bytes >= 256 * array.rows}. Expressions have numbers, machine key paths, {@code +},
 * {@code -}, {@code *}, {@code /} and parentheses, with the usual precedence; comparisons are {@code <},
 * {@code <=}, {@code >}, {@code >=}, {@code ==}, {@code !=}. A key path with a text value (say
 * {@code array.dataflow}) compares with a quoted text ({@code array.dataflow == 'ws'}) by {@code ==} and
 * {@code !=} only. Arithmetic is in doubles.
 */
public final class Filter {

    private static final Set<String> COMPARISONS = Set.of("<", "<=", ">", ">=", "==", "!=");

    private final String text;
    private final Expr left;
    private final String op;
    private final Expr right;

    private Filter(String text, Expr left, String op, Expr right) {
        this.text = text;
        this.left = left;
        this.op = op;
        this.right = right;
    }

    /** The filter as written. */
    public String text() {
        return text;
    }

    /**
     * Parses {@code text}; every name must be one of {@code names}.
     *
     * @throws IllegalArgumentException saying what is wrong, e.g. {@code unknown name 'array.rowz'}
     */
    public static Filter parse(String text, Set<String> names) {
        Parser p = new Parser(tokens(text), names);
        Expr left = p.sum();
        String op = p.peek();
        if (op == null || !COMPARISONS.contains(op)) {
            throw new IllegalArgumentException("expected a comparison (<, <=, >, >=, ==, !=)" + (op == null ? " at the end" : ", got '" + op + "'"));
        }
        p.next();
        Expr right = p.sum();
        if (p.peek() != null) {
            throw new IllegalArgumentException("unexpected '" + p.peek() + "' after the comparison");
        }
        return new Filter(text, left, op, right);
    }

    /** Whether a point passes, its key paths' values given by {@code values} (a Double or a String). */
    public boolean test(Function<String, Object> values) {
        Object a = left.eval(values);
        Object b = right.eval(values);
        if (a instanceof String || b instanceof String) {
            boolean same = a.equals(b);
            return switch (op) {
                case "==" -> same;
                case "!=" -> !same;
                default -> throw new IllegalArgumentException(text + ": '" + op + "' compares numbers, not text");
            };
        }
        double x = (Double) a;
        double y = (Double) b;
        return switch (op) {
            case "<" -> x < y;
            case "<=" -> x <= y;
            case ">" -> x > y;
            case ">=" -> x >= y;
            case "==" -> x == y;
            default -> x != y;
        };
    }

    private interface Expr {
        Object eval(Function<String, Object> values);
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
                int j = i;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '.'
                        || (text.charAt(j) == '+' || text.charAt(j) == '-') && (text.charAt(j - 1) == 'e' || text.charAt(j - 1) == 'E'))) {
                    j++;
                }
                out.add(text.substring(i, j));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_' || text.charAt(j) == '.')) {
                    j++;
                }
                out.add(text.substring(i, j));
                i = j;
            } else if (c == '\'' || c == '"') {
                int j = text.indexOf(c, i + 1);
                if (j < 0) {
                    throw new IllegalArgumentException("unterminated text " + text.substring(i));
                }
                out.add(text.substring(i, j + 1));
                i = j + 1;
            } else if ((c == '<' || c == '>' || c == '=' || c == '!') && i + 1 < text.length() && text.charAt(i + 1) == '=') {
                out.add(text.substring(i, i + 2));
                i += 2;
            } else if ("+-*/()<>".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else {
                throw new IllegalArgumentException("unexpected character '" + c + "'");
            }
        }
        return out;
    }

    private static final class Parser {
        private final List<String> tokens;
        private final Set<String> names;
        private int at;

        Parser(List<String> tokens, Set<String> names) {
            this.tokens = tokens;
            this.names = names;
        }

        String peek() {
            return at < tokens.size() ? tokens.get(at) : null;
        }

        String next() {
            String t = peek();
            if (t == null) {
                throw new IllegalArgumentException("unexpected end of the filter");
            }
            at++;
            return t;
        }

        Expr sum() {
            Expr e = product();
            while ("+".equals(peek()) || "-".equals(peek())) {
                boolean plus = next().equals("+");
                Expr l = e;
                Expr r = product();
                e = v -> plus ? number(l.eval(v)) + number(r.eval(v)) : number(l.eval(v)) - number(r.eval(v));
            }
            return e;
        }

        Expr product() {
            Expr e = unary();
            while ("*".equals(peek()) || "/".equals(peek())) {
                boolean times = next().equals("*");
                Expr l = e;
                Expr r = unary();
                e = v -> times ? number(l.eval(v)) * number(r.eval(v)) : number(l.eval(v)) / number(r.eval(v));
            }
            return e;
        }

        Expr unary() {
            if ("-".equals(peek())) {
                next();
                Expr e = unary();
                return v -> -number(e.eval(v));
            }
            String t = next();
            if (t.equals("(")) {
                Expr e = sum();
                if (!")".equals(peek())) {
                    throw new IllegalArgumentException("expected ')'" + (peek() == null ? " at the end" : ", got '" + peek() + "'"));
                }
                next();
                return e;
            }
            char c = t.charAt(0);
            if (c == '\'' || c == '"') {
                String s = t.substring(1, t.length() - 1);
                return v -> s;
            }
            if (Character.isDigit(c) || c == '.') {
                double d;
                try {
                    d = Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad number '" + t + "'");
                }
                return v -> d;
            }
            if (Character.isLetter(c) || c == '_') {
                if (!names.contains(t)) {
                    throw new IllegalArgumentException("unknown name '" + t + "' (expected a machine key path, e.g. array.rows)");
                }
                return v -> v.apply(t);
            }
            throw new IllegalArgumentException("unexpected '" + t + "'");
        }

        private static double number(Object o) {
            if (o instanceof Double d) {
                return d;
            }
            throw new IllegalArgumentException("text '" + o + "' in arithmetic");
        }
    }
}
