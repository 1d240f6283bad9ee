package io.github.fp8sim.workloads.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.Mode;

/**
 * A design-space sweep, as read by {@link SweepSpecs} (docs/formats/sweep.md): a base machine, the
 * workloads every point runs, the mode, the axes (machine-file key paths and their values), the zip
 * groups, the {@code where} filters and the objectives.
 *
 * @param file      the spec file, for messages
 * @param locations where each key of the file is, {@code FILE:LINE:COLUMN}, by key path ({@code axes.array.rows},
 *                  {@code where[0]}), for messages about it
 */
public record SweepSpec(Path file, String base, MachineConfig baseMachine, List<Workload> workloads, Mode mode, long seed,
                        List<Axis> axes, List<List<String>> zip, List<Filter> where, List<Objective> objectives,
                        Map<String, String> locations) {

    /** The format version this reader understands. */
    public static final int FORMAT_VERSION = 1;

    public SweepSpec {
        workloads = List.copyOf(workloads);
        axes = List.copyOf(axes);
        zip = zip.stream().map(List::copyOf).toList();
        where = List.copyOf(where);
        objectives = List.copyOf(objectives);
        locations = Map.copyOf(locations);
    }

    /** A workload: a model at a batch size, or a SCALE-Sim topology file (exactly one of {@code model} and {@code topology}). */
    public record Workload(String model, int batch, Path topology) {
        /** Its name in the outputs: the model and batch ({@code resnet18 batch 1}), or the topology file as given. */
        public String label() {
            return model != null ? model + " batch " + batch : topology.toString();
        }
    }

    /** An axis: a machine-file key path and the values it takes, in order. */
    public record Axis(String key, List<JsonNode> values) {
        public Axis {
            values = List.copyOf(values);
        }
    }

    /** An objective: a figure of each row, minimised unless {@code maximise} (written {@code -name}). */
    public record Objective(String name, boolean maximise) {
    }

    /** An error about {@code key} of this spec: one line, {@code FILE:LINE:COLUMN: key: problem}. */
    public SweepSpecException error(String key, String problem) {
        String at = locations.get(key);
        return new SweepSpecException((at != null ? at : file.toString()) + ": " + key + ": " + problem);
    }
}
