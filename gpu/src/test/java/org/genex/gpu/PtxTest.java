package org.genex.gpu;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The committed PTX (what the jar loads) against the host code and against a fresh build: every kernel the host
 * launches is an entry with the parameter types of its {@link Kernel} signature; the fresh build made by the
 * Maven build where nvcc exists (target/ptx) is identical when made by the same nvcc; ptxas accepts it for sm_90.
 */
class PtxTest {
    private static final String REGENERATE = "regenerate the committed copy with gpu/scripts/build-ptx.sh --commit";

    static String committed() {
        return new String(CudaDevice.ptx(), 0, CudaDevice.ptx().length - 1, StandardCharsets.UTF_8);
    }

    /** entry name -> its parameter type letters (u32 i, f32 f, u64 p, .b8 array s). */
    static Map<String, String> entries(String ptx) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher e = Pattern.compile("\\.visible \\.entry (\\w+)\\(([^)]*)\\)").matcher(ptx);
        while (e.find()) {
            StringBuilder sig = new StringBuilder();
            Matcher p = Pattern.compile("\\.param (?:\\.align \\d+ )?\\.(\\w+)\\s+\\w+(\\[\\d+])?").matcher(e.group(2));
            while (p.find()) {
                String t = p.group(1);
                sig.append(p.group(2) != null ? 's' : switch (t) {
                    case "u32", "s32", "b32" -> 'i';
                    case "f32" -> 'f';
                    case "u64", "b64", "s64" -> 'p';
                    default -> '?';
                });
            }
            m.put(e.group(1), sig.toString());
        }
        // kernels without parameters are declared as "entry name()"
        Matcher z = Pattern.compile("\\.visible \\.entry (\\w+)\\(\\s*\\)").matcher(ptx);
        while (z.find()) m.put(z.group(1), "");
        return m;
    }

    @Test
    void everyLaunchedKernelIsAnEntryWithTheSameParameters() {
        Map<String, String> entries = entries(committed());
        List<String> problems = new ArrayList<>();
        for (Kernel k : Kernel.values()) {
            String sig = entries.get(k.entry());
            if (sig == null) problems.add(k.entry() + ": no such .entry in " + Kernel.MODULE);
            else if (!sig.equals(k.signature()))
                problems.add(k.entry() + ": the PTX takes (" + sig + "), the host passes (" + k.signature() + ")");
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(Kernel.values().length, entries.size(), "every entry of the PTX is launched by the host");
    }

    @Test
    void structParametersHaveTheSizeOfTheJavaArrays() {
        String ptx = committed();
        Matcher m = Pattern.compile("\\.param \\.align 4 \\.b8 (\\w+)_param_\\d+\\[(\\d+)]").matcher(ptx);
        int found = 0;
        while (m.find()) {
            int bytes = Integer.parseInt(m.group(2));
            assertTrue(bytes == 4 * Strided.INTS || bytes == 4 * ReducePlan.INTS, m.group() + ": unexpected size");
            if (m.group(1).startsWith("reduce")) assertEquals(4 * ReducePlan.INTS, bytes);
            else assertEquals(4 * Strided.INTS, bytes);
            found++;
        }
        assertTrue(found >= 7, "struct parameters found: " + found);
    }

    @Test
    void packChecksArgumentKinds() {
        assertEquals(4, Kernel.UNARY.pack(1, 2L, 3L, 4).length);
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> Kernel.UNARY.pack(1, 2L));
        assertTrue(count.getMessage().contains("unary_f takes 4"), count.getMessage());
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> Kernel.UNARY.pack(1, 2, 3L, 4)); // an int where a device address belongs
        assertTrue(kind.getMessage().contains("device address"), kind.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Kernel.CLAMP.pack(1L, 0.0, 1f, 2L, 3));
        assertThrows(IllegalArgumentException.class, () -> Kernel.PERMUTE.pack(1L, 2L, 3, new int[5]));
    }

    @Test
    void theFreshBuildEqualsTheCommittedCopy() throws IOException {
        Path built = Path.of(System.getProperty("genex.ptx.built", "target/ptx"), Kernel.MODULE);
        Assumptions.assumeTrue(Files.exists(built), "no freshly built PTX at " + built + " (no nvcc here)");
        String fresh = Files.readString(built), ours = committed();
        String fv = versionLine(fresh), cv = versionLine(ours);
        Assumptions.assumeTrue(fv.equals(cv), "the PTX was built by another nvcc (" + fv + ") than the committed copy ("
                + cv + "): " + REGENERATE);
        assertEquals(ours, fresh, "gpu/src/main/cuda changed without the committed PTX: " + REGENERATE);
    }

    @Test
    void ptxasAcceptsTheCommittedCopyForSm90() throws Exception {
        Path ptxas = Path.of("/usr/local/cuda/bin/ptxas");
        Assumptions.assumeTrue(Files.isExecutable(ptxas), "no ptxas at " + ptxas);
        Path tmp = Files.createTempFile("genex", ".ptx");
        try {
            Files.writeString(tmp, committed());
            Process p = new ProcessBuilder(ptxas.toString(), "-arch=sm_90", tmp.toString(), "-o", "/dev/null")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ptxas timed out");
            assertEquals(0, p.exitValue(), "ptxas rejected the PTX:\n" + out);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Test
    void thePtxTargetsAmpereAndHasNoAbsolutePaths() {
        String ptx = committed();
        assertTrue(ptx.contains(".target sm_80"), "compute_80 PTX runs on every lent GPU (A100, H100, H200)");
        assertFalse(ptx.contains("/work/") || ptx.contains("/home/"), "the PTX holds no build path");
    }

    private static String versionLine(String ptx) {
        for (String line : ptx.split("\n", 12))
            if (line.startsWith("// Cuda compilation tools")) return line.trim();
        return "(no version line)";
    }
}
