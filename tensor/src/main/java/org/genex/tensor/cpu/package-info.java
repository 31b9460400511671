/**
 * The CPU backend. {@link org.genex.tensor.cpu.CpuBackend} routes each primitive to one kernel family (elementwise,
 * reductions, GEMM, indexing, movement, sparse, fused layers, sequence scans); every family comes in two paths
 * behind one switch ({@link org.genex.tensor.cpu.Simd}): the JDK Vector API, and plain scalar Java, which is also
 * the reference the vector path is tested against.
 *
 * <p><b>GEMM</b> ({@code Gemm}) is blocked and packed as in BLIS: panels of op(A) and op(B) are packed once per block
 * of the inner dimension and a register tile (12 x 32 floats on AVX-512) computes C with fused multiply-adds; see
 * docs/benchmarks.md for its speed beside OpenBLAS.
 *
 * <p><b>Performance status.</b> Measured in JMH (jmh-benchmarks) beside the native peers, never in unit tests.
 */
package org.genex.tensor.cpu;
