package io.github.fp8sim.datapath.mac;

import static io.github.fp8sim.testkit.FloatBits.bits;

import io.github.fp8sim.datapath.mac.GemmInputs.Problem;
import io.github.fp8sim.datapath.mac.GemmInputs.Profile;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Run in a JVM of its own by {@link VectorGemmTest}: builds a MacArray as the product does (kernel chosen
 * from {@code fp8sim.vector} and the boot layer), runs one GEMM, and prints its kernel and whether the
 * result equals the reference bit for bit. Exit status 0 when it does.
 */
final class KernelProbe {

    private KernelProbe() {
    }

    public static void main(String[] args) {
        MacArray mac = new MacArray(new ArrayShape(4, 4), ArrayDataflow.WS, Accumulation.FP32);
        Problem p = GemmInputs.draw(new SplittableRandom(3), 37, 45, 29, Profile.EDGE);
        float[] fast = p.copyOfC();
        float[] ref = p.copyOfC();
        mac.gemm(p.a(), p.aOff(), p.lda(), p.fa(), p.b(), p.bOff(), p.ldb(), p.fb(), fast, p.cOff(), p.ldc(),
                p.m(), p.n(), p.k(), true);
        ReferenceGemm.gemm(mac.shape(), mac.dataflow(), mac.accumulation(), new GemmCall(
                new CodeMatrix(p.a(), p.aOff(), p.lda(), p.fa()), new CodeMatrix(p.b(), p.bOff(), p.ldb(), p.fb()),
                new Fp32Matrix(ref, p.cOff(), p.ldc()), p.m(), p.n(), p.k(), true));
        boolean same = Arrays.equals(bits(fast), bits(ref));
        System.out.println("kernel=" + mac.kernelName() + " same=" + same);
        System.exit(same ? 0 : 1);
    }
}
