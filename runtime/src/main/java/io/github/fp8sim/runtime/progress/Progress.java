package io.github.fp8sim.runtime.progress;

import io.github.fp8sim.runtime.exec.ExecListener;

/**
 * Where a long job says what it is doing: phases as one-line messages, counted work as tasks (the CLI
 * draws a bar on a terminal, or a line now and then elsewhere). Progress is never a result: it goes to
 * stderr in the CLI, and library callers may pass {@link #NONE}.
 */
public interface Progress {

    /** Nothing is shown. */
    Progress NONE = new Progress() {
        @Override
        public void say(String message) {
        }

        @Override
        public Task task(String name, long total) {
            return Task.NONE;
        }
    };

    /** A phase starts ("compiling resnet8", "running the FP32 reference"). */
    void say(String message);

    /** Counted work of {@code total} units starts; close the task when it ends. */
    Task task(String name, long total);

    /** {@code progress}, or {@link #NONE} for null. */
    static Progress orNone(Progress progress) {
        return progress == null ? NONE : progress;
    }

    /** Counted work in progress. */
    interface Task extends AutoCloseable {
        /** A task that shows nothing. */
        Task NONE = new Task() {
            @Override
            public void step(long units) {
            }

            @Override
            public void close() {
            }
        };

        /** {@code units} more are done. */
        void step(long units);

        /** The work ended (done or abandoned). */
        @Override
        void close();

        /** An interpreter listener that counts one unit per executed instruction. */
        default ExecListener perInstruction() {
            return (index, insn) -> step(1);
        }
    }
}
