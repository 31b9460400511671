package org.genex.gpu.bench;

import java.util.Locale;
import org.genex.autodiff.Var;
import org.genex.gpu.CudaBackend;
import org.genex.gpu.CudaDevice;
import org.genex.gpu.Kernel;
import org.genex.nn.Linear;
import org.genex.nn.Module;
import org.genex.nn.ReLU;
import org.genex.nn.Sequential;
import org.genex.nn.TransformerEncoder;
import org.genex.nn.TransformerEncoderLayer;
import org.genex.nn.optim.AdamW;
import org.genex.tensor.Backends;
import org.genex.tensor.Device;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * The GPU measurements, as one CSV on stdout ({@code metric,shape,precision,value,unit}), the same rows as
 * {@code scripts/peers/gpu_torch.py} prints for PyTorch:
 * <ul>
 *   <li>{@code sgemm}: C = A B for 4096^3 and the transformer's products (FP32 and TF32), GFLOP/s, timed with CUDA
 *       events around 10 products after 3 warm-up ones;</li>
 *   <li>{@code h2d} / {@code d2h}: 256 MiB copies, GB/s, from a Java array (pageable) and from pinned memory;</li>
 *   <li>{@code launch}: an empty kernel launched 20,000 times, microseconds per launch (host wall time, which is
 *       what a small op costs genex);</li>
 *   <li>{@code train_step}: the transformer training step of TrainStepBench scaled up (batch 64, 512 tokens,
 *       d_model 512, 8 heads, FFN 2048, 6 post-norm layers, dropout 0, then Linear(512, 512); MSE against a random
 *       target, AdamW lr 1e-3), steps/s over 10 steps after 3 warm-up ones, FP32 and TF32.</li>
 * </ul>
 * Run on a GPU machine: {@code bash .gpu/java -cp ".gpu/test-classes:.gpu/lib/*" org.genex.gpu.bench.GpuBench}
 * (see scripts/gpu-run.sh). Optional argument: {@code quick} (fewer repetitions, for a smoke test).
 */
public final class GpuBench {
    private static boolean quick;

    public static void main(String[] args) {
        quick = args.length > 0 && args[0].equals("quick");
        CudaBackend gpu = (CudaBackend) Backends.of(Device.cuda(0));
        System.err.println("# " + gpu.describe());
        System.out.println("metric,shape,precision,value,unit");
        for (boolean tf32 : new boolean[]{false, true}) {
            gpu.setTf32(tf32);
            String prec = tf32 ? "tf32" : "fp32";
            gemm(gpu, prec, 4096, 4096, 4096);
            // the transformer step's products: projections, FFN up and down (64 x 512 tokens), attention per head
            gemm(gpu, prec, 32768, 512, 512);
            gemm(gpu, prec, 32768, 2048, 512);
            gemm(gpu, prec, 32768, 512, 2048);
            batchedGemm(gpu, prec, 512, 512, 512, 64);
            batchedGemm(gpu, prec, 512, 512, 64, 512);
        }
        gpu.setTf32(false);
        bandwidth(gpu);
        launch(gpu);
        for (boolean tf32 : new boolean[]{false, true}) {
            gpu.setTf32(tf32);
            trainStep(gpu, tf32 ? "tf32" : "fp32");
        }
        gpu.setTf32(false);
        System.err.println("# memory pool: " + gpu.memoryStats());
    }

    private static void row(String metric, String shape, String prec, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%s,%s,%s,%.3f,%s", metric, shape, prec, value, unit));
    }

    private static int reps() { return quick ? 2 : 10; }

    private static void gemm(CudaBackend gpu, String prec, int m, int n, int k) {
        Rng rng = Rng.seeded(1);
        Tensor a = rng.normal(Shape.of(m, k), 0, 1).to(gpu.device()), b = rng.normal(Shape.of(k, n), 0, 1).to(gpu.device());
        Tensor c = gpu.allocate(Shape.of(m, n));
        for (int i = 0; i < 3; i++) gpu.gemm(false, false, 1f, a, b, 0f, c);
        int reps = reps();
        float ms = gpu.cuda().time(() -> {
            for (int i = 0; i < reps; i++) gpu.gemm(false, false, 1f, a, b, 0f, c);
        });
        row("sgemm", m + "x" + n + "x" + k, prec, 2.0 * m * n * k * reps / (ms * 1e-3) / 1e9, "GFLOP/s");
    }

    private static void batchedGemm(CudaBackend gpu, String prec, int m, int n, int k, int batch) {
        Rng rng = Rng.seeded(2);
        Tensor a = rng.normal(Shape.of(batch, m, k), 0, 1).to(gpu.device());
        Tensor b = rng.normal(Shape.of(batch, k, n), 0, 1).to(gpu.device());
        Tensor c = gpu.allocate(Shape.of(batch, m, n));
        for (int i = 0; i < 3; i++) gpu.batchedGemm(false, false, 1f, a, b, 0f, c);
        int reps = reps();
        float ms = gpu.cuda().time(() -> {
            for (int i = 0; i < reps; i++) gpu.batchedGemm(false, false, 1f, a, b, 0f, c);
        });
        row("sgemm_batched", batch + "x" + m + "x" + n + "x" + k, prec,
                2.0 * m * n * k * batch * reps / (ms * 1e-3) / 1e9, "GFLOP/s");
    }

    private static void bandwidth(CudaBackend gpu) {
        int n = 64 << 20; // floats: 256 MiB
        long bytes = 4L * n;
        float[] host = new float[n];
        Tensor d = gpu.allocate(Shape.of(n));
        long addr = ((org.genex.gpu.CudaStorage) d.storage()).address();
        CudaDevice cuda = gpu.cuda();
        int reps = quick ? 2 : 5;
        gpu.synchronize();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) cuda.upload(addr, jcuda.Pointer.to(host), bytes);
        row("h2d", "256MiB", "pageable", bytes * reps / ((System.nanoTime() - t0) * 1e-9) / 1e9, "GB/s");
        t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) cuda.download(jcuda.Pointer.to(host), addr, bytes);
        row("d2h", "256MiB", "pageable", bytes * reps / ((System.nanoTime() - t0) * 1e-9) / 1e9, "GB/s");
        jcuda.Pointer pinned = cuda.allocateHost(bytes);
        try {
            t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) cuda.uploadRaw(addr, pinned, bytes);
            row("h2d", "256MiB", "pinned", bytes * reps / ((System.nanoTime() - t0) * 1e-9) / 1e9, "GB/s");
            t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) cuda.downloadRaw(pinned, addr, bytes);
            row("d2h", "256MiB", "pinned", bytes * reps / ((System.nanoTime() - t0) * 1e-9) / 1e9, "GB/s");
        } finally {
            cuda.freeHost(pinned);
        }
    }

    private static void launch(CudaBackend gpu) {
        CudaDevice cuda = gpu.cuda();
        for (int i = 0; i < 1000; i++) cuda.launch(Kernel.EMPTY, 1, 32);
        gpu.synchronize();
        int n = quick ? 2000 : 20_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) cuda.launch(Kernel.EMPTY, 1, 32);
        gpu.synchronize();
        row("launch", "empty_kernel", "-", (System.nanoTime() - t0) / 1e3 / n, "us/launch");
    }

    /** TrainStepBench's transformer, scaled up, on the GPU. */
    private static void trainStep(CudaBackend gpu, String prec) {
        int batch = 64, tokens = 512, d = 512, heads = 8, ffn = 2048, layers = 6;
        Rng rng = Rng.seeded(42);
        var encoder = new TransformerEncoder(i -> new TransformerEncoderLayer(d, heads, ffn, 0f, new ReLU(), 1e-5f,
                false, true, rng), layers, null);
        Module model = new Sequential(encoder, new Linear(d, d, true, rng)).to(gpu.device());
        Tensor x = rng.normal(Shape.of(batch, tokens, d), 0, 1).to(gpu.device());
        Tensor y = rng.normal(Shape.of(batch, tokens, d), 0, 1).to(gpu.device());
        AdamW opt = new AdamW(model.parameters(), 1e-3f);
        Sequential seq = (Sequential) model;
        Runnable step = () -> {
            opt.zeroGrad();
            Var loss = seq.forward(Var.of(x)).sub(Var.of(y)).square().mean();
            loss.backward();
            opt.step();
            loss.item(); // waits for the step, as a training loop that logs the loss does
        };
        for (int i = 0; i < (quick ? 1 : 3); i++) step.run();
        int reps = quick ? 2 : 10;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) step.run();
        row("train_step", "transformer_b64_t512_d512_h8_l6", prec, reps / ((System.nanoTime() - t0) * 1e-9), "steps/s");
    }
}
