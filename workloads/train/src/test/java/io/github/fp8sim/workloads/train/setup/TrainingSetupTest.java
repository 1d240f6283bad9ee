package io.github.fp8sim.workloads.train.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.fp8sim.workloads.train.Trainer;
import io.github.fp8sim.workloads.train.TrainingTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset specs, the task a model and dataset make, and the task's training defaults. */
class TrainingSetupTest {

    @TempDir
    Path dir;

    @Test
    void aSpecSplitsAtItsFirstColonOnly() {
        assertEquals(new DatasetSpec("tatoeba:C:/x:y.txt", "tatoeba", "C:/x:y.txt"), DatasetSpec.parse("tatoeba:C:/x:y.txt"));
        DatasetSpec bare = DatasetSpec.parse("synthetic");
        assertEquals("synthetic", bare.kind());
        assertNull(bare.location());
    }

    @Test
    void theSyntheticSetTrainsResnet8WithSgdAndTheLastWeights() {
        TrainingSetup s = TrainingSetup.of(null, DatasetSpec.SYNTHETIC, 1);
        assertEquals("resnet8", s.model());
        assertEquals(2000, s.task().trainSize());
        assertEquals(TrainingTask.Metric.TOP1, s.task().metric());
        assertEquals("2000 training and 500 test images", s.description());
        assertEquals(Trainer.Method.SGD, s.defaults().method());
        assertEquals(0.05, s.defaults().lr());
        assertEquals(1, s.defaults().averagedEpochs(5));
    }

    @Test
    void translationAveragesTheLastFiveEpochsCappedAtTheRun() {
        assertEquals(Trainer.Method.ADAM, TrainingSetup.TRANSLATION.method());
        assertEquals(Trainer.Schedule.COSINE, TrainingSetup.TRANSLATION.schedule());
        assertEquals(5, TrainingSetup.TRANSLATION.averagedEpochs(12));
        assertEquals(2, TrainingSetup.TRANSLATION.averagedEpochs(2));
        // another optimizer than the task's takes that optimizer's usual rate, not the task's
        assertEquals(0.05, TrainingSetup.TRANSLATION.lrFor(Trainer.Method.SGD));
        assertEquals(1e-3, TrainingSetup.IMAGES.lrFor(Trainer.Method.ADAM));
    }

    @Test
    void badInputsSayWhichInputAndWhatIsWrong() throws IOException {
        SetupException unknown = assertThrows(SetupException.class, () -> TrainingSetup.of(null, "imagenet:/x", 1));
        assertEquals(SetupException.Input.DATASET, unknown.input());
        assertEquals("imagenet:/x", unknown.value());
        assertTrue(unknown.getMessage().contains("tatoeba:FILE"), unknown.getMessage());

        SetupException noDir = assertThrows(SetupException.class, () -> TrainingSetup.of(null, "mnist:", 1));
        assertEquals("expected mnist:DIR", noDir.getMessage());

        SetupException model = assertThrows(SetupException.class, () -> TrainingSetup.of("resnet50", "synthetic", 1));
        assertEquals(SetupException.Input.MODEL, model.input());
        assertEquals("resnet50", model.value());

        Path two = dir.resolve("two.txt");
        Files.writeString(two, "a b\tx y\nc d\tz w\n");
        SetupException few = assertThrows(SetupException.class, () -> TrainingSetup.of(null, "tatoeba:" + two, 1));
        assertTrue(few.getMessage().startsWith(two + " has 2 pairs"), few.getMessage());

        Path ten = dir.resolve("ten.txt");
        StringBuilder pairs = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            pairs.append("w").append(i).append(" x\tv").append(i).append(" y\n");
        }
        Files.writeString(ten, pairs);
        SetupException images = assertThrows(SetupException.class, () -> TrainingSetup.of("resnet8", "tatoeba:" + ten, 1));
        assertEquals(SetupException.Input.MODEL, images.input());
        assertTrue(images.getMessage().contains("transformer-tiny or gnmt-tiny"), images.getMessage());
    }
}
