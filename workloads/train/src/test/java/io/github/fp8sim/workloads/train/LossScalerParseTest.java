package io.github.fp8sim.workloads.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI text forms of loss scaling: the grammar in {@link LossScaler}'s class comment. */
class LossScalerParseTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "none                                       | none",
        "' NONE '                                   | none",
        "static:1024                                | static:2^10",
        "static:2^10                                | static:2^10",
        "static:0.5                                 | static:0.5",
        "static:1e4                                 | static:10000",
        "dynamic                                    | dynamic:init=2^16,growth=2,window=2000",
        "Dynamic: window = 100 , init=2^12          | dynamic:init=2^12,growth=2,window=100",
        "dynamic:init=1000,growth=4,window=1        | dynamic:init=1000,growth=4,window=1",
        "enhanced                                   | enhanced:init=2^16,growth=2,window=2000,min=1",
        "enhanced:min=2,schedule=1000:2^13;5000:2^15 | enhanced:init=2^16,growth=2,window=2000,min=2,schedule=1000:2^13;5000:2^15",
        "enhanced:schedule=40000:8192,window=500    | enhanced:init=2^16,growth=2,window=500,min=1,schedule=40000:2^13",
    })
    void acceptedFormsHaveACanonicalDescription(String text, String canonical) {
        LossScaler scaler = LossScaler.parse(text);
        assertEquals(canonical, scaler.describe());
        assertEquals(canonical, LossScaler.parse(canonical).describe(), "the description reads back");
    }

    @Test
    void parsedValuesReachTheScaler() {
        LossScaler dynamic = LossScaler.parse("dynamic:init=2^4,window=2");
        assertInstanceOf(DynamicLossScaling.class, dynamic);
        assertEquals(16f, dynamic.scale());
        dynamic.update(false);
        dynamic.update(false);
        assertEquals(32f, dynamic.scale());

        EnhancedLossScaling enhanced = assertInstanceOf(EnhancedLossScaling.class,
                LossScaler.parse("enhanced:init=4,min=2,schedule=3:2^6;7:2^7"));
        assertEquals(new MinScaleSchedule(2f, List.of(new MinScaleSchedule.Raise(3, 64f),
                new MinScaleSchedule.Raise(7, 128f))), enhanced.minimum());
        assertEquals(4f, enhanced.scale());
        assertInstanceOf(StaticLossScaling.class, LossScaler.parse("static:8"));
        assertInstanceOf(NoLossScaling.class, LossScaler.parse("none"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "  ", "nonee", "none:1", "static", "static:", "static:-1", "static:0", "static:abc", "static:1e40",
        "static:2^300", "static:NaN", "static:Infinity", "static:0x10", "static:1f", "dynamic:", "dynamic:init",
        "dynamic:foo=1", "dynamic:min=2", "dynamic:window=0", "dynamic:window=1.5", "dynamic:window=-3",
        "dynamic:growth=1", "dynamic:growth=0.5", "dynamic:init=1,init=2", "dynamic:init=2,,window=3",
        "enhanced:schedule=", "enhanced:schedule=10", "enhanced:schedule=10:4;5:8", "enhanced:min=8,schedule=10:4",
        "enhanced:schedule=0:4", "enhanced:schedule=10:4;", "enhanced:schedule=x:4", "enhanced:min=0",
    })
    void badTextIsRejectedWithAOneLineMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossScaler.parse(text));
        String message = e.getMessage();
        assertTrue(message.startsWith("loss scaling '" + text.trim() + "': "), message);
        assertTrue(message.contains("; expected none, static:S, dynamic[:init=S,growth=G,window=N] or enhanced["),
                message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void messagesNameTheProblem() {
        assertTrue(message("dynamic:foo=1").contains("unknown option 'foo' (this kind takes init, growth, window)"));
        assertTrue(message("static:abc").contains("static scale 'abc' is not a positive finite number or 2^k"));
        assertTrue(message("enhanced:schedule=10:4;5:8").contains("need increasing steps"));
        assertTrue(message("enhanced:min=8,schedule=10:4").contains("must go up"));
        assertTrue(message("dynamic:window=0").contains("window '0' is not a step count >= 1"));
        assertTrue(message("lossy").contains("unknown kind 'lossy'"));
        assertTrue(message(null).startsWith("loss scaling '': empty"));
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> LossScaler.parse(text)).getMessage();
    }
}
