package org.genex.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The scalar path is chosen by -Dgenex.simd=false and, without any flag, on a JVM that lacks jdk.incubator.vector:
 * runs the self-check in a child JVM both ways and checks what it reports.
 */
class KernelPathTest {

    private static String run(List<String> jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SelfCheck.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "self-check did not finish");
        assertEquals(0, p.exitValue(), "self-check failed:\n" + out);
        return out;
    }

    @Test
    void withoutTheVectorModuleTheScalarPathRuns() throws Exception {
        String out = run(List.of("-Dgenex.threads=1"));
        assertTrue(out.contains("Vectors: scalar (jdk.incubator.vector is not in the JVM"), out);
        assertTrue(out.contains("Self-check passed."), out);
    }

    @Test
    void thePropertyTurnsTheVectorPathOff() throws Exception {
        String out = run(List.of("--add-modules=jdk.incubator.vector", "-Dgenex.simd=false", "-Dgenex.threads=1"));
        assertTrue(out.contains("Vectors: scalar (-Dgenex.simd=false)"), out);
    }

    @Test
    void withTheModuleTheVectorPathRunsAndAgreesWithTheScalarPath() throws Exception {
        String out = run(List.of("--add-modules=jdk.incubator.vector", "-Dgenex.threads=2"));
        assertTrue(out.contains("Vectors: FloatVector"), out);
        assertTrue(out.contains("2 threads"), out);
        assertTrue(out.contains("Self-check passed."), out);
    }
}
