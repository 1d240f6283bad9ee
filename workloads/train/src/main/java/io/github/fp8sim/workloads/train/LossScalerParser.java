package io.github.fp8sim.workloads.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads the text forms of {@link LossScaler} (the grammar is in its class comment). */
final class LossScalerParser {

    static final String EXPECTED = "expected none, static:S, dynamic[:init=S,growth=G,window=N] or"
            + " enhanced[:init=S,growth=G,window=N,min=S,schedule=STEP:S;STEP:S...], S a positive number or 2^k";

    private static final Set<String> DYNAMIC_KEYS = Set.of("init", "growth", "window");
    private static final Set<String> ENHANCED_KEYS = Set.of("init", "growth", "window", "min", "schedule");

    private LossScalerParser() {
    }

    static LossScaler parse(String text) {
        if (text == null || text.isBlank()) {
            throw error(text, "empty");
        }
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? null : text.substring(colon + 1);
        try {
            return switch (name) {
                case "none" -> {
                    if (rest != null) {
                        throw error(text, "none takes no options");
                    }
                    yield new NoLossScaling();
                }
                case "static" -> {
                    if (rest == null) {
                        throw error(text, "static needs a scale, e.g. static:1024");
                    }
                    yield new StaticLossScaling(scale(text, "static scale", rest));
                }
                case "dynamic" -> {
                    Map<String, String> options = options(text, rest, DYNAMIC_KEYS);
                    yield new DynamicLossScaling(init(text, options), growth(text, options), window(text, options));
                }
                case "enhanced" -> {
                    Map<String, String> options = options(text, rest, ENHANCED_KEYS);
                    float min = options.containsKey("min")
                            ? scale(text, "min", options.get("min")) : EnhancedLossScaling.DEFAULT_MIN;
                    List<MinScaleSchedule.Raise> raises = options.containsKey("schedule")
                            ? schedule(text, options.get("schedule")) : List.of();
                    yield new EnhancedLossScaling(init(text, options), growth(text, options), window(text, options),
                            new MinScaleSchedule(min, raises));
                }
                default -> throw error(text, "unknown kind '" + name + "'");
            };
        } catch (ParseError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // A value that parsed but is out of range (a schedule that goes down, growth <= 1, ...).
            throw error(text, e.getMessage());
        }
    }

    private static Map<String, String> options(String text, String rest, Set<String> keys) {
        Map<String, String> options = new LinkedHashMap<>();
        if (rest == null) {
            return options;
        }
        for (String option : rest.split(",", -1)) {
            int eq = option.indexOf('=');
            if (eq < 0) {
                throw error(text, "option '" + option.trim() + "' is not key=value");
            }
            String key = option.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!keys.contains(key)) {
                throw error(text, "unknown option '" + key + "' (this kind takes " + String.join(", ", sorted(keys)) + ")");
            }
            if (options.put(key, option.substring(eq + 1)) != null) {
                throw error(text, "option '" + key + "' is given twice");
            }
        }
        return options;
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted((a, b) -> order(a) - order(b)).toList();
    }

    private static int order(String key) {
        return List.of("init", "growth", "window", "min", "schedule").indexOf(key);
    }

    private static float init(String text, Map<String, String> options) {
        return options.containsKey("init") ? scale(text, "init", options.get("init")) : LossScaler.DEFAULT_INIT;
    }

    private static float growth(String text, Map<String, String> options) {
        return options.containsKey("growth") ? scale(text, "growth", options.get("growth")) : LossScaler.DEFAULT_GROWTH;
    }

    private static long window(String text, Map<String, String> options) {
        if (!options.containsKey("window")) {
            return LossScaler.DEFAULT_WINDOW;
        }
        long window = ScaleText.parseCount(options.get("window"));
        if (window < 1) {
            throw error(text, "window '" + options.get("window").trim() + "' is not a step count >= 1");
        }
        return window;
    }

    private static List<MinScaleSchedule.Raise> schedule(String text, String value) {
        List<MinScaleSchedule.Raise> raises = new ArrayList<>();
        for (String entry : value.split(";", -1)) {
            int colon = entry.indexOf(':');
            long step = colon < 0 ? -1 : ScaleText.parseCount(entry.substring(0, colon));
            if (step < 0) {
                throw error(text, "schedule entry '" + entry.trim() + "' is not STEP:S");
            }
            raises.add(new MinScaleSchedule.Raise(step, scale(text, "schedule minimum", entry.substring(colon + 1))));
        }
        return raises;
    }

    private static float scale(String text, String what, String value) {
        float scale = ScaleText.parseScale(value);
        if (Float.isNaN(scale)) {
            throw error(text, what + " '" + value.trim() + "' is not a positive finite number or 2^k");
        }
        return scale;
    }

    private static ParseError error(String text, String problem) {
        return new ParseError("loss scaling '" + (text == null ? "" : text.trim()) + "': " + problem + "; " + EXPECTED);
    }

    /** A parse failure whose message is already complete. */
    private static final class ParseError extends IllegalArgumentException {
        ParseError(String message) {
            super(message);
        }
    }
}
