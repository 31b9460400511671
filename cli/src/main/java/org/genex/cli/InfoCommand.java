package org.genex.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.genex.tensor.BackendProvider;
import org.genex.tensor.Device;
import org.genex.tensor.Genex;
import org.genex.tensor.Parallel;
import org.genex.tensor.SelfCheck;
import org.genex.tensor.cpu.CpuBackend;
import org.genex.tensor.cpu.Simd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genex info}: the JDK, the vector species, threads and GPU backends; {@code --check} runs the self-check. */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show the JDK, the CPU vector species, the thread count and the GPU devices genex can use.",
        footer = ExitCodes.HELP_FOOTER)
public final class InfoCommand implements Callable<Integer> {

    @Option(names = "--check", description = "Also check the vector GEMM against the scalar path and time it "
            + "(the former 'bin/genex' self-check); exit 1 if it fails.")
    boolean check;

    @Spec
    CommandSpec spec;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            out.flush();
            SelfCheck.main(new String[0]); // prints the same facts, then the GEMM check; exits 1 on failure
            out.println("GPU:     " + gpus());
            out.flush();
            return ExitCodes.OK;
        }
        out.println("genex   " + Genex.version());
        out.println("JDK:     " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home"));
        out.println("CPU:     " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + "; genex.threads = " + Parallel.threads());
        out.println("Vectors: " + Simd.describe(Simd.ENABLED));
        out.println("Backend: " + CpuBackend.get().describe());
        out.println("GPU:     " + gpus());
        out.println("Memory:  max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        out.flush();
        return ExitCodes.OK;
    }

    /** The GPU backends on the class path, in words. */
    static String gpus() {
        List<BackendProvider> cuda = providers(Device.Type.CUDA);
        if (cuda.isEmpty()) return "none (no CUDA backend on the class path)";
        List<String> found = new ArrayList<>();
        for (BackendProvider p : cuda) {
            try {
                found.add(p.create(Device.cuda(0)).describe());
            } catch (RuntimeException | LinkageError e) {
                found.add(p.getClass().getName() + " present, but no device: " + e.getMessage());
            }
        }
        return String.join("; ", found);
    }

    /** The backend providers for a device type found through {@link ServiceLoader}. */
    static List<BackendProvider> providers(Device.Type type) {
        List<BackendProvider> out = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class))
            if (p.type() == type) out.add(p);
        return out;
    }
}
