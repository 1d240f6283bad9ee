package io.github.fp8sim.workloads.train;

import java.util.List;

/**
 * The minimum loss scale of the enhanced scaler as a function of the step: {@code initial} from step 0,
 * raised to {@code raise.min()} from step {@code raise.step()} on.
 *
 * @param initial the minimum from step 0, positive and finite
 * @param raises the raises, steps strictly increasing and >= 1, minimums strictly increasing and above
 *     {@code initial}
 */
public record MinScaleSchedule(float initial, List<Raise> raises) {

    /** From step {@code step} on, the scale is at least {@code min}. */
    public record Raise(long step, float min) {
    }

    public MinScaleSchedule {
        if (!(initial > 0) || !Float.isFinite(initial)) {
            throw new IllegalArgumentException("the minimum loss scale must be a positive finite number, got " + initial);
        }
        raises = List.copyOf(raises);
        long lastStep = 0;
        float lastMin = initial;
        for (Raise r : raises) {
            if (r.step() <= lastStep) {
                throw new IllegalArgumentException("minimum-scale raises need increasing steps >= 1, got step "
                        + r.step() + " after " + lastStep);
            }
            if (!(r.min() > lastMin) || !Float.isFinite(r.min())) {
                throw new IllegalArgumentException("a minimum-scale raise must go up: " + ScaleText.format(r.min())
                        + " at step " + r.step() + " is not above " + ScaleText.format(lastMin));
            }
            lastStep = r.step();
            lastMin = r.min();
        }
    }

    /** A constant minimum. */
    public static MinScaleSchedule constant(float min) {
        return new MinScaleSchedule(min, List.of());
    }

    /** The minimum scale at {@code step}. */
    public float minAt(long step) {
        float min = initial;
        for (Raise r : raises) {
            if (r.step() > step) {
                break;
            }
            min = r.min();
        }
        return min;
    }

    /** {@code min=S[,schedule=STEP:S;...]}, the enhanced scaler's option text. */
    String describe() {
        StringBuilder text = new StringBuilder("min=").append(ScaleText.format(initial));
        for (int i = 0; i < raises.size(); i++) {
            text.append(i == 0 ? ",schedule=" : ";")
                    .append(raises.get(i).step()).append(':').append(ScaleText.format(raises.get(i).min()));
        }
        return text.toString();
    }
}
