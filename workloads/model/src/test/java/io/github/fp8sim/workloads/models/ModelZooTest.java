package io.github.fp8sim.workloads.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.GraphBuilderTestAccess;

class ModelZooTest {

    @Test
    void everyModelBuildsUnderItsName() {
        assertEquals(List.of("resnet18", "resnet34", "resnet50", "resnet8", "gnmt", "gnmt-tiny", "transformer",
                "transformer-tiny"), ModelZoo.names());
        for (String name : ModelZoo.names()) {
            Graph g = ModelZoo.build(name, 2);
            assertEquals(name, g.name());
            assertTrue(g.totalMacs() > 0);
            GraphBuilderTestAccess.assertValidOrder(g);
        }
        assertEquals(2 * 4_089_184_256L, ModelZoo.build("resnet50", 2).totalMacs());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelZoo.build("vgg16", 1));
        assertTrue(e.getMessage().contains("'vgg16'") && e.getMessage().contains("resnet50"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.build("resnet18", 0));
    }
}
