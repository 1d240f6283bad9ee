package io.github.fp8sim.runtime.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One JSON object of a {@link RunReport}: fields in the order they are put (the order is part of the
 * report's contract), nested objects and lists. A field put twice keeps its first place.
 */
public final class ReportSection {

    private final ObjectNode node;

    ReportSection(ObjectNode node) {
        this.node = node;
    }

    public ReportSection put(String field, String value) {
        node.put(field, value);
        return this;
    }

    public ReportSection put(String field, int value) {
        node.put(field, value);
        return this;
    }

    public ReportSection put(String field, long value) {
        node.put(field, value);
        return this;
    }

    /** A float as a float: its shortest decimal, not that of the double it widens to. */
    public ReportSection put(String field, float value) {
        node.put(field, value);
        return this;
    }

    public ReportSection put(String field, double value) {
        node.put(field, value);
        return this;
    }

    /** JSON has no NaN or infinity: such a value is written as null (an identical layer's infinite SQNR, say). */
    public ReportSection putFinite(String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
        return this;
    }

    /** The nested object {@code field}, made (at the end) if this section has none yet. */
    public ReportSection object(String field) {
        return new ReportSection(node.withObjectProperty(field));
    }

    /** A new list {@code field}, at the end, replacing any earlier one. */
    public ReportList list(String field) {
        return new ReportList(node.putArray(field));
    }

    /** A JSON array of objects or strings. */
    public static final class ReportList {

        private final ArrayNode node;

        ReportList(ArrayNode node) {
            this.node = node;
        }

        /** A new object at the end. */
        public ReportSection addObject() {
            return new ReportSection(node.addObject());
        }

        /** A string at the end. */
        public ReportList add(String value) {
            node.add(value);
            return this;
        }
    }
}
