/**
 * The CUDA backend of genex: {@link org.genex.gpu.CudaBackend} implements the tensor {@link org.genex.tensor.Backend}
 * SPI for {@code Device.cuda(N)} and is found by {@link java.util.ServiceLoader} ({@link
 * org.genex.gpu.CudaBackendProvider}), so {@code Backends.of(Device.cuda(0))}, {@code tensor.to(Device.cuda(0))} and
 * {@code module.to(Device.cuda(0))} are all a model needs.
 *
 * <h2>Layers</h2>
 * <ul>
 *   <li>{@link org.genex.gpu.CudaDevice}: JCuda's driver API only (cuInit, the primary context, one stream,
 *       cuMemAlloc / cuMemFree, copies, cuModuleLoadData of the PTX, cuLaunchKernel, events).</li>
 *   <li>{@link org.genex.gpu.Cublas}: cuBLAS bound with JNA direct mapping ({@code cublasCreate_v2},
 *       {@code cublasSetStream_v2}, {@code cublasSetMathMode}, {@code cublasSgemm_v2},
 *       {@code cublasSgemmStridedBatched}), loaded as {@code libcublas.so.13}, else {@code libcublas.so.12}, or the
 *       path in {@code -Dgenex.cublas} / {@code GENEX_CUBLAS}. Why not JCublas: JCublas 12.6's native library links
 *       {@code libcublas.so.12} by versioned symbols, and the GPU machines ship CUDA 13 ({@code libcublas.so.13}).
 *       Why not the JDK's FFM API: it is final only in JDK 22, and genex targets release 21.</li>
 *   <li>Raw device addresses ({@code long}) everywhere else: {@code cuMemAlloc} writes the address into a
 *       {@code CUdeviceptr} subclass that reads JCuda's protected {@code getNativePointer()}; an address goes back to
 *       JCuda as {@code new CUdeviceptr().withByteOffset(address)} (JCuda's native side uses native pointer + byte
 *       offset), to kernels as a {@code long[1]} argument and to cuBLAS as a {@code long}.</li>
 *   <li>{@link org.genex.gpu.CachingAllocator} over {@link org.genex.gpu.DeviceMemory}: size classes, reuse, release
 *       of cached blocks and a GC round on out-of-memory, accounting; {@link org.genex.gpu.CudaStorage} returns its
 *       block through a {@link java.lang.ref.Cleaner} when it becomes unreachable.</li>
 *   <li>The kernels: CUDA C in {@code gpu/src/main/cuda/genex.cu}, compiled to PTX ({@code compute_80}, no fused
 *       multiply-add, IEEE division and square root) by {@code gpu/scripts/build-ptx.sh}, which the Maven build runs
 *       where {@code /usr/local/cuda/bin/nvcc} exists; the committed copy {@code org/genex/gpu/genex.ptx} is what the
 *       jar loads, and a test checks that the two agree and that every {@link org.genex.gpu.Kernel} the host launches
 *       is in it with the same parameters. {@link org.genex.gpu.Strided}, {@link org.genex.gpu.ReducePlan} and
 *       {@link org.genex.gpu.BatchPlan} compute the index arithmetic the kernels and cuBLAS calls receive.</li>
 * </ul>
 *
 * <h2>Without a GPU</h2>
 * The module builds and its tests pass: asking for a CUDA device throws an {@link java.lang.IllegalStateException}
 * that says why (no {@code libcuda.so.1}, no device, no cuBLAS), never an {@link java.lang.UnsatisfiedLinkError};
 * the tests that need a GPU skip with that message. The same op tests also run on a host emulation of the kernels
 * (genex.cu compiled by g++ with a small shim, each launch a block of 4 host threads, plain Java GEMM behind the
 * {@code Accelerator} and {@code Blas} seams), so the backend's host code and every kernel's arithmetic are checked
 * against the CPU backend on any machine with g++.
 */
package org.genex.gpu;
