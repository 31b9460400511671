// genex CUDA kernels: every Backend primitive that cuBLAS does not cover.
//
// Compiled to PTX by gpu/scripts/build-ptx.sh (nvcc -arch=compute_80 -O3 -fmad=false, IEEE divide and sqrt, no
// fast math) so that results follow the CPU backend's float arithmetic as closely as a GPU can; the PTX is loaded
// with the driver API by org.genex.gpu.Kernels. Every entry point is extern "C" (unmangled), and its parameter list
// is mirrored by org.genex.gpu.Kernel (a test checks names and parameter counts against the PTX).
//
// Conventions: float tensors are contiguous, pointers already point at the tensor's first element; sizes are int
// (a genex tensor has fewer than 2^31 elements); sums are accumulated in double where the CPU backend's reference
// path does, and in a fixed order (block tree reductions have a fixed shape), so a kernel gives the same bits run to
// run. The few kernels that use atomicAdd (index_add, scatter_add, scan_bwd's gBm / gCm) say so.

#ifndef GENEX_HOST_EMULATION  // the tests compile this file as C++ for the host with gpu/src/test/cuda/emulate.h
#include <math_constants.h>
#endif
#include <limits.h>

#define MAXR 8

// An elementwise walk over up to three operands broadcast to the output: the output's (collapsed) dims and each
// operand's element strides along them (0 on broadcast axes). Filled by org.genex.gpu.Strided.
struct Strided {
    int rank;
    int dims[MAXR];
    int s0[MAXR];
    int s1[MAXR];
    int s2[MAXR];
};

// A reduction (VAR divides by max(0, n - correction), as the CPU backend): x's axes split into kept axes (the output's, in order) and reduced axes, with x's strides.
struct RedPlan {
    int keptRank;
    int keptDims[MAXR];
    int keptStr[MAXR];
    int redRank;
    int redDims[MAXR];
    int redStr[MAXR];
};

__device__ __forceinline__ int gid() { return blockIdx.x * blockDim.x + threadIdx.x; }
__device__ __forceinline__ int gstride() { return gridDim.x * blockDim.x; }

__device__ __forceinline__ void offsets3(const Strided& s, int i, int& o0, int& o1, int& o2) {
    o0 = 0; o1 = 0; o2 = 0;
    for (int d = s.rank - 1; d >= 0; d--) {
        int n = s.dims[d], c = i % n;
        i /= n;
        o0 += c * s.s0[d];
        o1 += c * s.s1[d];
        o2 += c * s.s2[d];
    }
}

// ------------------------------------------------------------------------------------------------ math helpers

__device__ __forceinline__ double normal_cdf(double x) { return 0.5 * erfc(-x * 0.7071067811865476); }
__device__ __forceinline__ double sigmoid_d(double x) { return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x)); }
__device__ __forceinline__ double softplus_d(double x) { return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)); }

// digamma for the LGAMMA derivative: reflection for x < 0, recurrence to x >= 6, then the asymptotic series.
__device__ double digamma_d(double x) {
    if (x == 0) return signbit(x) ? CUDART_INF : -CUDART_INF;
    if (x < 0) {
        if (x == floor(x)) return CUDART_NAN;
        return digamma_d(1 - x) - CUDART_PI / tan(CUDART_PI * x);
    }
    double r = 0;
    while (x < 6) { r -= 1 / x; x += 1; }
    double f = 1 / (x * x);
    return r + log(x) - 0.5 / x
           - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
}

// The unary ops in UnaryOp's order, evaluated in double and rounded once, as UnaryOp.apply defines them.
__device__ double unary_apply(int op, double x) {
    switch (op) {
        case 0: return -x;                                        // NEG
        case 1: return fabs(x);                                   // ABS
        case 2: return x > 0 ? 1.0 : (x < 0 ? -1.0 : x);          // SIGN (keeps +-0 and NaN)
        case 3: return x * x;                                     // SQUARE
        case 4: return sqrt(x);                                   // SQRT
        case 5: return 1 / sqrt(x);                               // RSQRT
        case 6: return 1 / x;                                     // RECIPROCAL
        case 7: return exp(x);                                    // EXP
        case 8: return expm1(x);                                  // EXPM1
        case 9: return log(x);                                    // LOG
        case 10: return log1p(x);                                 // LOG1P
        case 11: return sin(x);                                   // SIN
        case 12: return cos(x);                                   // COS
        case 13: return tanh(x);                                  // TANH
        case 14: return sigmoid_d(x);                             // SIGMOID
        case 15: return x > 0 ? x : (x == x ? 0.0 : x);           // RELU
        case 16: return softplus_d(x);                            // SOFTPLUS
        case 17: return x * sigmoid_d(x);                         // SILU
        case 18: return x * normal_cdf(x);                        // GELU
        case 19: { double k0 = 0.7978845608028654, k1 = 0.044715;  // GELU_TANH
                   return 0.5 * x * (1 + tanh(k0 * (x + k1 * x * x * x))); }
        case 20: return erf(x);                                   // ERF
        case 21: return floor(x);                                 // FLOOR
        case 22: return ceil(x);                                  // CEIL
        case 23: return lgamma(x);                                // LGAMMA
    }
    return CUDART_NAN;
}

// dy/dx given y, as UnaryOp.derivative.
__device__ double unary_derivative(int op, double x, double y) {
    switch (op) {
        case 0: return -1;
        case 1: return x > 0 ? 1.0 : (x < 0 ? -1.0 : x);
        case 2: return 0;
        case 3: return 2 * x;
        case 4: return 0.5 / y;
        case 5: return -0.5 * y * y * y;
        case 6: return -y * y;
        case 7: return y;
        case 8: return y + 1;
        case 9: return 1 / x;
        case 10: return 1 / (1 + x);
        case 11: return cos(x);
        case 12: return -sin(x);
        case 13: return 1 - y * y;
        case 14: return y * (1 - y);
        case 15: return x > 0 ? 1.0 : 0.0;
        case 16: return sigmoid_d(x);
        case 17: { double s = sigmoid_d(x); return s * (1 + x * (1 - s)); }
        case 18: return normal_cdf(x) + x * 0.3989422804014327 * exp(-0.5 * x * x);
        case 19: { double k0 = 0.7978845608028654, k1 = 0.044715;
                   double t = tanh(k0 * (x + k1 * x * x * x));
                   return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k0 * (1 + 3 * k1 * x * x); }
        case 20: return 1.1283791670955126 * exp(-x * x);
        case 21: return 0;
        case 22: return 0;
        case 23: return digamma_d(x);
    }
    return CUDART_NAN;
}

// BinaryOp's order; MAX and MIN propagate NaN like Math.max / Math.min (and treat -0.0 < 0.0).
__device__ __forceinline__ float binary_apply(int op, float a, float b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 4: return (float) pow((double) a, (double) b);
        case 5: if (a != a || b != b) return CUDART_NAN_F;
                if (a == 0.0f && b == 0.0f) return signbit(a) ? b : a;
                return a > b ? a : b;
        case 6: if (a != a || b != b) return CUDART_NAN_F;
                if (a == 0.0f && b == 0.0f) return signbit(a) ? a : b;
                return a < b ? a : b;
    }
    return CUDART_NAN_F;
}

__device__ __forceinline__ bool compare_apply(int op, float a, float b) {
    switch (op) {
        case 0: return a == b;
        case 1: return a != b;
        case 2: return a < b;
        case 3: return a <= b;
        case 4: return a > b;
        case 5: return a >= b;
    }
    return false;
}

// ------------------------------------------------------------------------------------------------ elementwise

extern "C" __global__ void empty_kernel() {}

extern "C" __global__ void unary_f(int op, const float* x, float* y, int n) {
    for (int i = gid(); i < n; i += gstride()) y[i] = (float) unary_apply(op, (double) x[i]);
}

extern "C" __global__ void unary_bwd(int op, const float* x, const float* y, const float* gy, float* gx, int n) {
    for (int i = gid(); i < n; i += gstride())
        gx[i] = (float) ((double) gy[i] * unary_derivative(op, (double) x[i], (double) y[i]));
}

extern "C" __global__ void binary_f(int op, const float* a, const float* b, float* out, int n, Strided s) {
    for (int i = gid(); i < n; i += gstride()) {
        int oa, ob, oc;
        offsets3(s, i, oa, ob, oc);
        out[i] = binary_apply(op, a[oa], b[ob]);
    }
}

extern "C" __global__ void binary_scalar(int op, const float* a, float v, float* out, int n) {
    for (int i = gid(); i < n; i += gstride()) out[i] = binary_apply(op, a[i], v);
}

extern "C" __global__ void compare_f(int op, const float* a, const float* b, float* out, int n, Strided s) {
    for (int i = gid(); i < n; i += gstride()) {
        int oa, ob, oc;
        offsets3(s, i, oa, ob, oc);
        out[i] = compare_apply(op, a[oa], b[ob]) ? 1.0f : 0.0f;
    }
}

extern "C" __global__ void where_f(const float* cond, const float* a, const float* b, float* out, int n, Strided s) {
    for (int i = gid(); i < n; i += gstride()) {
        int oc, oa, ob;
        offsets3(s, i, oc, oa, ob);
        out[i] = cond[oc] != 0.0f ? a[oa] : b[ob];
    }
}

// min(max(x, lo), hi) with Math.max / Math.min semantics (NaN stays NaN).
extern "C" __global__ void clamp_f(const float* x, float lo, float hi, float* out, int n) {
    for (int i = gid(); i < n; i += gstride()) out[i] = binary_apply(6, binary_apply(5, x[i], lo), hi);
}

// ------------------------------------------------------------------------------------------------ reductions

#define RED_SUM 0
#define RED_MEAN 1
#define RED_MAX 2
#define RED_MIN 3
#define RED_VAR 4

__device__ __forceinline__ int kept_offset(const RedPlan& p, int o) {
    int off = 0;
    for (int d = p.keptRank - 1; d >= 0; d--) {
        int n = p.keptDims[d];
        off += (o % n) * p.keptStr[d];
        o /= n;
    }
    return off;
}

__device__ __forceinline__ int red_offset(const RedPlan& p, int r) {
    int off = 0;
    for (int d = p.redRank - 1; d >= 0; d--) {
        int n = p.redDims[d];
        off += (r % n) * p.redStr[d];
        r /= n;
    }
    return off;
}

__device__ __forceinline__ float nan_max(float a, float b) { return binary_apply(5, a, b); }
__device__ __forceinline__ float nan_min(float a, float b) { return binary_apply(6, a, b); }

// Block-wide reductions over blockDim.x <= 1024 threads (a power of two), in a fixed tree order.
__device__ double block_sum(double v, double* sh) {
    sh[threadIdx.x] = v;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) sh[threadIdx.x] += sh[threadIdx.x + w];
        __syncthreads();
    }
    double r = sh[0];
    __syncthreads();
    return r;
}

__device__ float block_ext(float v, bool max, float* sh) {
    sh[threadIdx.x] = v;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) {
            float a = sh[threadIdx.x], b = sh[threadIdx.x + w];
            sh[threadIdx.x] = max ? nan_max(a, b) : nan_min(a, b);
        }
        __syncthreads();
    }
    float r = sh[0];
    __syncthreads();
    return r;
}

// One block per output element; the block's threads stride over the reduced elements. For reductions whose
// innermost axis is reduced (rows): the threads of a block read neighbouring elements.
extern "C" __global__ void reduce_rows(int op, const float* x, float* out, int nOut, int nRed, int correction,
                                       RedPlan p) {
    __shared__ double shd[256];
    float* shf = (float*) shd;
    for (int o = blockIdx.x; o < nOut; o += gridDim.x) {
        const float* base = x + kept_offset(p, o);
        if (op == RED_MAX || op == RED_MIN) {
            bool mx = op == RED_MAX;
            float acc = mx ? -CUDART_INF_F : CUDART_INF_F;
            for (int r = threadIdx.x; r < nRed; r += blockDim.x) {
                float v = base[red_offset(p, r)];
                acc = mx ? nan_max(acc, v) : nan_min(acc, v);
            }
            float res = block_ext(acc, mx, shf);
            if (threadIdx.x == 0) out[o] = res;
        } else {
            double acc = 0;
            for (int r = threadIdx.x; r < nRed; r += blockDim.x) acc += base[red_offset(p, r)];
            double sum = block_sum(acc, shd);
            if (op == RED_VAR) {
                float mean = (float) (sum / nRed);
                double dev = 0;
                for (int r = threadIdx.x; r < nRed; r += blockDim.x) {
                    double d = (double) base[red_offset(p, r)] - mean;
                    dev += d * d;
                }
                double ss = block_sum(dev, shd);
                if (threadIdx.x == 0) out[o] = (float) (ss / (double) max(0, nRed - correction));
            } else if (threadIdx.x == 0) {
                out[o] = op == RED_MEAN ? (float) (sum / nRed) : (float) sum;
            }
        }
    }
}

// One thread per output element, looping over the reduced elements in order: for reductions that keep the
// innermost axis (columns), where neighbouring threads read neighbouring elements.
extern "C" __global__ void reduce_cols(int op, const float* x, float* out, int nOut, int nRed, int correction,
                                       RedPlan p) {
    for (int o = gid(); o < nOut; o += gstride()) {
        const float* base = x + kept_offset(p, o);
        if (op == RED_MAX || op == RED_MIN) {
            bool mx = op == RED_MAX;
            float acc = mx ? -CUDART_INF_F : CUDART_INF_F;
            for (int r = 0; r < nRed; r++) {
                float v = base[red_offset(p, r)];
                acc = mx ? nan_max(acc, v) : nan_min(acc, v);
            }
            out[o] = acc;
        } else {
            double acc = 0;
            for (int r = 0; r < nRed; r++) acc += base[red_offset(p, r)];
            if (op == RED_VAR) {
                float mean = (float) (acc / nRed);
                double dev = 0;
                for (int r = 0; r < nRed; r++) {
                    double d = (double) base[red_offset(p, r)] - mean;
                    dev += d * d;
                }
                out[o] = (float) (dev / (double) max(0, nRed - correction));
            } else {
                out[o] = op == RED_MEAN ? (float) (acc / nRed) : (float) acc;
            }
        }
    }
}

// argmax / argmin along the middle axis of [outer, len, inner]: the first NaN, else the first extreme element.
extern "C" __global__ void arg_ext(int max, const float* x, int* out, int outer, int len, int inner) {
    int total = outer * inner;
    for (int i = gid(); i < total; i += gstride()) {
        int o = i / inner, r = i % inner;
        const float* p = x + (size_t) o * len * inner + r;
        int best = 0;
        float bv = p[0];
        if (bv == bv) {
            for (int j = 1; j < len; j++) {
                float v = p[(size_t) j * inner];
                if (v != v) { best = j; break; }
                if (max ? v > bv : v < bv) { best = j; bv = v; }
            }
        }
        out[i] = best;
    }
}

// ------------------------------------------------------------------------------------------------ softmax

// One block per row of [outer, len, inner] (a row: fixed outer and inner position, len elements inner apart).
// mode 0: softmax, 1: log-softmax.
extern "C" __global__ void softmax_rows(int mode, const float* x, float* out, int rows, int len, int inner) {
    __shared__ double shd[256];
    float* shf = (float*) shd;
    for (int row = blockIdx.x; row < rows; row += gridDim.x) {
        size_t base = (size_t) (row / inner) * len * inner + row % inner;
        float m = -CUDART_INF_F;
        for (int j = threadIdx.x; j < len; j += blockDim.x) m = nan_max(m, x[base + (size_t) j * inner]);
        m = block_ext(m, true, shf);
        double s = 0;
        for (int j = threadIdx.x; j < len; j += blockDim.x) s += exp((double) (x[base + (size_t) j * inner] - m));
        s = block_sum(s, shd);
        if (mode == 0) {
            float inv = (float) s;
            for (int j = threadIdx.x; j < len; j += blockDim.x) {
                size_t k = base + (size_t) j * inner;
                out[k] = (float) exp((double) (x[k] - m)) / inv;
            }
        } else {
            float ls = (float) log(s);
            for (int j = threadIdx.x; j < len; j += blockDim.x) {
                size_t k = base + (size_t) j * inner;
                out[k] = (x[k] - m) - ls;
            }
        }
    }
}

// mode 0: gx = y (gy - sum(gy y)); mode 1: gx = gy - exp(y) sum(gy).
extern "C" __global__ void softmax_bwd_rows(int mode, const float* y, const float* gy, float* gx, int rows, int len,
                                            int inner) {
    __shared__ double shd[256];
    for (int row = blockIdx.x; row < rows; row += gridDim.x) {
        size_t base = (size_t) (row / inner) * len * inner + row % inner;
        double s = 0;
        for (int j = threadIdx.x; j < len; j += blockDim.x) {
            size_t k = base + (size_t) j * inner;
            s += mode == 0 ? (double) gy[k] * y[k] : (double) gy[k];
        }
        float sum = (float) block_sum(s, shd);
        for (int j = threadIdx.x; j < len; j += blockDim.x) {
            size_t k = base + (size_t) j * inner;
            gx[k] = mode == 0 ? y[k] * (gy[k] - sum) : gy[k] - expf(y[k]) * sum;
        }
    }
}

// ------------------------------------------------------------------------------------------------ indexing

// out[o, i, r] = x[o, idx[i], r]: x [outer, n, inner], out [outer, len, inner].
extern "C" __global__ void index_select(const float* x, float* out, const int* idx, int outer, int n, int len,
                                        int inner) {
    int total = outer * len * inner;
    for (int t = gid(); t < total; t += gstride()) {
        int r = t % inner, q = t / inner, i = q % len, o = q / len;
        out[t] = x[((size_t) o * n + idx[i]) * inner + r];
    }
}

// out[o, idx[i], r] += src[o, i, r], with atomicAdd: repeated indices add in an unspecified order.
extern "C" __global__ void index_add(const float* src, float* out, const int* idx, int outer, int n, int len,
                                     int inner) {
    int total = outer * len * inner;
    for (int t = gid(); t < total; t += gstride()) {
        int r = t % inner, q = t / inner, i = q % len, o = q / len;
        atomicAdd(out + ((size_t) o * n + idx[i]) * inner + r, src[t]);
    }
}

// gather (scatter = 0): small[t] = big[offset of t with idx[t] on axis]; scatter-add (scatter = 1):
// big[...] += small[t] with atomicAdd. s.dims: small's dims, s.s0: big's strides.
extern "C" __global__ void gather_scatter(int scatter, float* big, float* small, const int* idx, int n, int axis,
                                          Strided s) {
    for (int t = gid(); t < n; t += gstride()) {
        int rem = t, off = 0;
        for (int d = s.rank - 1; d >= 0; d--) {
            int c = rem % s.dims[d];
            rem /= s.dims[d];
            off += (d == axis ? idx[t] : c) * s.s0[d];
        }
        if (scatter) atomicAdd(big + off, small[t]);
        else small[t] = big[off];
    }
}

// The sort key of Indexing.key on the CPU: ascending keys are the wanted order (NaN largest, -0.0 == 0.0, ties to
// the lower index).
__device__ __forceinline__ long long topk_key(float v, int j, int largest) {
    int bits = v == 0.0f ? 0 : (v != v ? 0x7fc00000 : __float_as_int(v));
    int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
    if (largest) ordered = ~ordered;
    return ((long long) ordered << 32) | (unsigned int) j;
}

// One block per row of [rows, n]: k rounds, each a block-wide minimum of the keys above the previous round's.
extern "C" __global__ void topk_rows(const float* x, float* values, int* indices, int rows, int n, int k,
                                     int largest) {
    __shared__ long long sh[256];
    for (int row = blockIdx.x; row < rows; row += gridDim.x) {
        const float* p = x + (size_t) row * n;
        long long prev = LLONG_MIN;
        for (int round = 0; round < k; round++) {
            long long best = LLONG_MAX;
            for (int j = threadIdx.x; j < n; j += blockDim.x) {
                long long key = topk_key(p[j], j, largest);
                if (key > prev && key < best) best = key;
            }
            sh[threadIdx.x] = best;
            __syncthreads();
            for (int w = blockDim.x / 2; w > 0; w >>= 1) {
                if (threadIdx.x < w && sh[threadIdx.x + w] < sh[threadIdx.x]) sh[threadIdx.x] = sh[threadIdx.x + w];
                __syncthreads();
            }
            prev = sh[0];
            __syncthreads();
            if (threadIdx.x == 0) {
                int j = (int) (prev & 0xffffffffLL);
                values[(size_t) row * k + round] = p[j];
                indices[(size_t) row * k + round] = j;
            }
        }
    }
}

// ------------------------------------------------------------------------------------------------ movement

// out[i] = x[offset of i]: s.dims are out's dims, s.s0 x's strides permuted to out's axes.
extern "C" __global__ void permute_f(const float* x, float* out, int n, Strided s) {
    for (int i = gid(); i < n; i += gstride()) {
        int o0, o1, o2;
        offsets3(s, i, o0, o1, o2);
        out[i] = x[o0];
    }
}

// out [outer, len, inner] = x [outer, nx, inner] from position start on the middle axis.
extern "C" __global__ void slice_f(const float* x, float* out, int outer, int nx, int len, int inner, int start) {
    int total = outer * len * inner;
    for (int t = gid(); t < total; t += gstride()) {
        int r = t % inner, q = t / inner, i = q % len, o = q / len;
        out[t] = x[((size_t) o * nx + start + i) * inner + r];
    }
}

// out [outer, nOut, inner] from position start (+)= src [outer, len, inner].
extern "C" __global__ void slice_write(const float* src, float* out, int outer, int nOut, int len, int inner,
                                       int start, int accumulate) {
    int total = outer * len * inner;
    for (int t = gid(); t < total; t += gstride()) {
        int r = t % inner, q = t / inner, i = q % len, o = q / len;
        size_t k = ((size_t) o * nOut + start + i) * inner + r;
        out[k] = accumulate ? out[k] + src[t] : src[t];
    }
}

extern "C" __global__ void flip_f(const float* x, float* out, int outer, int n, int inner) {
    int total = outer * n * inner;
    for (int t = gid(); t < total; t += gstride()) {
        int r = t % inner, q = t / inner, i = q % n, o = q / n;
        out[t] = x[((size_t) o * n + (n - 1 - i)) * inner + r];
    }
}

// ------------------------------------------------------------------------------------------------ optimizer

// One Adam / AdamW step with the CPU kernel's constants and operation order (built without FMA contraction).
extern "C" __global__ void adam_f(float* p, const float* g, float* m, float* v, int n, float b1, float b2, float eps,
                                  float decay, float l2, float stepSize, float rbc2Sqrt) {
    float c1 = 1.0f - b1, c2 = 1.0f - b2;
    for (int i = gid(); i < n; i += gstride()) {
        float pi = p[i] * decay;
        float gi = g[i] + l2 * pi;
        float mi = m[i] * b1 + gi * c1;
        float vi = v[i] * b2 + (gi * gi) * c2;
        m[i] = mi;
        v[i] = vi;
        float denom = sqrtf(vi) * rbc2Sqrt + eps;
        p[i] = pi - stepSize * (mi / denom);
    }
}

// ------------------------------------------------------------------------------------------------ sparse

// c[i, j] = sum_e values[e] b[indices[e], j] + beta c[i, j] over row i's entries in storage order; c is not read
// when beta == 0. One thread per element of c [m, n].
extern "C" __global__ void spmm_csr(const int* indptr, const int* indices, const float* values, const float* b,
                                    float* c, int m, int n, float beta) {
    int total = m * n;
    for (int t = gid(); t < total; t += gstride()) {
        int i = t / n, j = t % n;
        float acc = 0.0f;
        for (int e = indptr[i]; e < indptr[i + 1]; e++) acc += values[e] * b[(size_t) indices[e] * n + j];
        c[t] = beta == 0.0f ? acc : acc + beta * c[t];
    }
}

// out[e] = dot(a[row(e)], b[indices[e]]) for every stored entry e; the row is found by binary search in indptr.
extern "C" __global__ void sddmm_csr(const int* indptr, const int* indices, const float* a, const float* b,
                                     float* out, int rows, int nnz, int d) {
    for (int e = gid(); e < nnz; e += gstride()) {
        int lo = 0, hi = rows - 1;
        while (lo < hi) { // the last row whose start is <= e
            int mid = (lo + hi + 1) >> 1;
            if (indptr[mid] <= e) lo = mid; else hi = mid - 1;
        }
        const float* ar = a + (size_t) lo * d;
        const float* br = b + (size_t) indices[e] * d;
        double s = 0;
        for (int k = 0; k < d; k++) s += (double) ar[k] * br[k];
        out[e] = (float) s;
    }
}

// ------------------------------------------------------------------------------------------------ norms

// One block per row of x [rows, d]: layer norm (centered = 1) or RMS norm (centered = 0). gamma, beta, mean, rstd
// may be null (0).
extern "C" __global__ void norm_fwd(int centered, const float* x, const float* gamma, const float* beta, float* y,
                                    float* mean, float* rstd, int rows, int d, float eps) {
    __shared__ double shd[256];
    for (int row = blockIdx.x; row < rows; row += gridDim.x) {
        const float* xr = x + (size_t) row * d;
        float m = 0.0f;
        if (centered) {
            double s = 0;
            for (int j = threadIdx.x; j < d; j += blockDim.x) s += xr[j];
            m = (float) block_sum(s, shd) / d;
        }
        double q = 0;
        for (int j = threadIdx.x; j < d; j += blockDim.x) {
            double v = (double) (xr[j] - m);
            q += v * v;
        }
        float var = (float) block_sum(q, shd) / d;
        float rs = (float) (1.0 / sqrt((double) var + eps));
        for (int j = threadIdx.x; j < d; j += blockDim.x) {
            float v = (xr[j] - m) * rs;
            if (gamma) v *= gamma[j];
            if (beta) v += beta[j];
            y[(size_t) row * d + j] = v;
        }
        if (threadIdx.x == 0) {
            if (mean) mean[row] = m;
            if (rstd) rstd[row] = rs;
        }
    }
}

// gx of a norm, one block per row: with h = gy gamma, a = mean(h) (centered only), c = rstd sum(h (x - mean)) / d,
// gx = rstd (h - a - (x - mean) rstd c).
extern "C" __global__ void norm_bwd(int centered, const float* gy, const float* x, const float* gamma,
                                    const float* mean, const float* rstd, float* gx, int rows, int d) {
    __shared__ double shd[256];
    for (int row = blockIdx.x; row < rows; row += gridDim.x) {
        const float* gr = gy + (size_t) row * d;
        const float* xr = x + (size_t) row * d;
        float m = centered ? mean[row] : 0.0f, rs = rstd[row];
        float a = 0.0f;
        if (centered) {
            double s = 0;
            for (int j = threadIdx.x; j < d; j += blockDim.x) s += gamma ? (double) gr[j] * gamma[j] : (double) gr[j];
            a = (float) block_sum(s, shd) / d;
        }
        double s2 = 0;
        for (int j = threadIdx.x; j < d; j += blockDim.x) {
            double v = (double) gr[j] * (xr[j] - m);
            s2 += gamma ? v * gamma[j] : v;
        }
        float c = (float) block_sum(s2, shd) * rs / d;
        float sc = rs * c;
        for (int j = threadIdx.x; j < d; j += blockDim.x) {
            float gh = gamma ? gr[j] * gamma[j] : gr[j];
            gx[(size_t) row * d + j] = rs * (gh - a - (xr[j] - m) * sc);
        }
    }
}

// gGamma[j] += sum_rows gy (x - mean) rstd, gBeta[j] += sum_rows gy (either may be null): one thread per column,
// rows in order.
extern "C" __global__ void norm_bwd_params(int centered, const float* gy, const float* x, const float* mean,
                                           const float* rstd, float* gGamma, float* gBeta, int rows, int d) {
    for (int j = gid(); j < d; j += gstride()) {
        double sg = 0, sb = 0;
        for (int r = 0; r < rows; r++) {
            float g = gy[(size_t) r * d + j];
            float m = centered ? mean[r] : 0.0f;
            sg += g * ((x[(size_t) r * d + j] - m) * rstd[r]);
            sb += g;
        }
        if (gGamma) gGamma[j] += (float) sg;
        if (gBeta) gBeta[j] += (float) sb;
    }
}

// ------------------------------------------------------------------------------------------------ cross-entropy

// One block per row of logits [n, c]: logp = logSoftmax, loss = (1 - s) w[t] (-logp[t]) + (s / c) sum_j w[j] (-logp[j]).
extern "C" __global__ void ce_fwd(const float* logits, const int* targets, const float* weights, float* losses,
                                  float* logp, int n, int c, int ignoreIndex, float s) {
    __shared__ double shd[256];
    float* shf = (float*) shd;
    for (int i = blockIdx.x; i < n; i += gridDim.x) {
        const float* z = logits + (size_t) i * c;
        float* lp = logp + (size_t) i * c;
        float m = -CUDART_INF_F;
        for (int j = threadIdx.x; j < c; j += blockDim.x) m = nan_max(m, z[j]);
        m = block_ext(m, true, shf);
        double se = 0;
        for (int j = threadIdx.x; j < c; j += blockDim.x) se += exp((double) (z[j] - m));
        float ls = (float) log(block_sum(se, shd));
        double ws = 0;
        for (int j = threadIdx.x; j < c; j += blockDim.x) {
            float v = (z[j] - m) - ls;
            lp[j] = v;
            ws += weights ? (double) v * weights[j] : (double) v;
        }
        float wsum = (float) block_sum(ws, shd);
        if (threadIdx.x == 0) {
            int t = targets[i];
            if (t == ignoreIndex) {
                losses[i] = 0.0f;
            } else {
                float wt = weights ? weights[t] : 1.0f;
                float loss = -((1 - s) * wt * lp[t]);
                if (s != 0.0f) loss -= s / c * wsum;
                losses[i] = loss;
            }
        }
    }
}

// gLogits[i, j] = gLoss[i] (((1 - s) w[t] + sw) p[j] - (s / c) w[j] - (1 - s) w[t] [j == t]), sw = (s / c) sum w.
extern "C" __global__ void ce_bwd(const float* logp, const int* targets, const float* weights, const float* gLoss,
                                  float* gLogits, int n, int c, int ignoreIndex, float s, float sw) {
    for (int i = blockIdx.x; i < n; i += gridDim.x) {
        int t = targets[i];
        float* g = gLogits + (size_t) i * c;
        const float* lp = logp + (size_t) i * c;
        if (t == ignoreIndex) {
            for (int j = threadIdx.x; j < c; j += blockDim.x) g[j] = 0.0f;
            continue;
        }
        float gl = gLoss[i];
        float wt = weights ? weights[t] : 1.0f;
        float hard = (1 - s) * wt;
        float p = gl * (hard + sw), q = gl * (s / c);
        for (int j = threadIdx.x; j < c; j += blockDim.x) {
            float v = p * (float) exp((double) lp[j]) - (weights ? q * weights[j] : q);
            if (j == t) v -= gl * hard;
            g[j] = v;
        }
    }
}

// ------------------------------------------------------------------------------------------------ selective scan

// One thread per (batch, channel); the state h lives in scratch h [b, n, e] (channels contiguous, so the threads
// of a warp touch neighbouring words). Shapes: u, delta, y [b, L, e]; A [e, n]; Bm, Cm [b, L, n]; D [e] or null;
// ck [b, nChunks, e, n] or null (h at the start of every chunk).
extern "C" __global__ void scan_fwd(const float* u, const float* delta, const float* A, const float* Bm,
                                    const float* Cm, const float* D, float* y, float* ck, float* h, int b, int L,
                                    int e, int n, int chunk, int nChunks) {
    for (int t0 = gid(); t0 < b * e; t0 += gstride()) {
        int bi = t0 / e, c = t0 % e;
        float* hb = h + (size_t) bi * n * e + c;
        for (int k = 0; k < n; k++) hb[(size_t) k * e] = 0.0f;
        for (int t = 0; t < L; t++) {
            if (ck && t % chunk == 0) {
                float* dst = ck + (((size_t) bi * nChunks + t / chunk) * e + c) * n;
                for (int k = 0; k < n; k++) dst[k] = hb[(size_t) k * e];
            }
            size_t row = ((size_t) bi * L + t) * e + c, bt = ((size_t) bi * L + t) * n;
            float dt = delta[row], uu = u[row], du = dt * uu;
            float acc = D ? D[c] * uu : 0.0f;
            for (int k = 0; k < n; k++) {
                float a = (float) exp((double) (dt * A[(size_t) c * n + k]));
                float hv = a * hb[(size_t) k * e] + du * Bm[bt + k];
                hb[(size_t) k * e] = hv;
                acc += Cm[bt + k] * hv;
            }
            y[row] = acc;
        }
    }
}

// The backward, one thread per (batch, channel), chunk by chunk in reverse: the chunk's states are recomputed from
// its checkpoint into hs [b, chunk + 1, n, e], the reverse recurrence carries dh in carry [b, n, e]. gu and gDelta
// are written; gBm and gCm (zeroed by the host) receive every channel's contribution with atomicAdd, so their sums
// are order-dependent; gA and gD go to per-batch partials gAp [b, e, n] and gDp [b, e], summed in batch order by
// scan_sum_batches.
extern "C" __global__ void scan_bwd(const float* u, const float* delta, const float* A, const float* Bm,
                                    const float* Cm, const float* D, const float* ck, const float* gy, float* gu,
                                    float* gDelta, float* gBm, float* gCm, float* gAp, float* gDp, float* hs,
                                    float* carry, int b, int L, int e, int n, int chunk, int nChunks) {
    for (int t0i = gid(); t0i < b * e; t0i += gstride()) {
        int bi = t0i / e, c = t0i % e;
        size_t ne = (size_t) n * e;
        float* hsb = hs + (size_t) bi * (chunk + 1) * ne + c;   // hs[bi][j][k][c] = hsb[j ne + k e]
        float* cb = carry + (size_t) bi * ne + c;
        float* gab = gAp + ((size_t) bi * e + c) * n;
        float gd = 0.0f;
        for (int k = 0; k < n; k++) { cb[(size_t) k * e] = 0.0f; gab[k] = 0.0f; }
        for (int kc = nChunks - 1; kc >= 0; kc--) {
            int s0 = kc * chunk, s1 = min(L, s0 + chunk);
            const float* src = ck + (((size_t) bi * nChunks + kc) * e + c) * n;
            for (int k = 0; k < n; k++) hsb[(size_t) k * e] = src[k];
            for (int t = s0; t < s1; t++) {
                size_t row = ((size_t) bi * L + t) * e + c, bt = ((size_t) bi * L + t) * n;
                float dt = delta[row], du = dt * u[row];
                float* hp = hsb + (size_t) (t - s0) * ne;
                for (int k = 0; k < n; k++) {
                    float a = (float) exp((double) (dt * A[(size_t) c * n + k]));
                    hp[ne + (size_t) k * e] = a * hp[(size_t) k * e] + du * Bm[bt + k];
                }
            }
            for (int t = s1 - 1; t >= s0; t--) {
                size_t row = ((size_t) bi * L + t) * e + c, bt = ((size_t) bi * L + t) * n;
                float dy = gy[row], dt = delta[row], uu = u[row], du = dt * uu;
                float gdA = 0.0f, gub = 0.0f;
                float* hp = hsb + (size_t) (t - s0) * ne;
                for (int k = 0; k < n; k++) {
                    float av = A[(size_t) c * n + k];
                    float a = (float) exp((double) (dt * av));
                    float bn = Bm[bt + k];
                    float hprev = hp[(size_t) k * e], hcur = hp[ne + (size_t) k * e];
                    float dh = dy * Cm[bt + k] + cb[(size_t) k * e];
                    atomicAdd(gCm + bt + k, dy * hcur);
                    float g = dh * hprev * a;
                    gdA += g * av;
                    gub += dh * bn;
                    atomicAdd(gBm + bt + k, dh * du);
                    gab[k] += g * dt;
                    cb[(size_t) k * e] = a * dh;
                }
                gDelta[row] = gdA + uu * gub;
                float gui = dt * gub;
                gu[row] = D ? D[c] * dy + gui : gui;
                gd += dy * uu;
            }
        }
        gDp[(size_t) bi * e + c] = gd;
    }
}

// out[i] += sum_b part[b, i] in batch order (out may be null: nothing to do).
extern "C" __global__ void sum_batches(const float* part, float* out, int b, int m) {
    for (int i = gid(); i < m; i += gstride()) {
        float s = 0.0f;
        for (int k = 0; k < b; k++) s += part[(size_t) k * m + i];
        out[i] += s;
    }
}

// ------------------------------------------------------------------------------------------------ convolutions

// Causal depthwise conv over time, channels last: x, y [b, L, ch], w [ch, k], bias [ch] or null.
extern "C" __global__ void dwconv_fwd(const float* x, const float* w, const float* bias, float* y, int b, int L,
                                      int ch, int k) {
    int total = b * L * ch;
    for (int i = gid(); i < total; i += gstride()) {
        int c = i % ch, r = i / ch, t = r % L;
        float acc = bias ? bias[c] : 0.0f;
        for (int j = max(0, k - 1 - t); j < k; j++) acc += w[(size_t) c * k + j] * x[(size_t) (r - (k - 1) + j) * ch + c];
        y[i] = acc;
    }
}

// gx[t] = sum_j gy[t + (k - 1) - j] w[j] for output steps inside the sequence.
extern "C" __global__ void dwconv_bwd_x(const float* w, const float* gy, float* gx, int b, int L, int ch, int k) {
    int total = b * L * ch;
    for (int i = gid(); i < total; i += gstride()) {
        int c = i % ch, r = i / ch, t = r % L;
        float acc = 0.0f;
        for (int j = max(0, t + k - L); j < k; j++) acc += gy[(size_t) (r + k - 1 - j) * ch + c] * w[(size_t) c * k + j];
        gx[i] = acc;
    }
}

// gw[c, j] += sum_{b, t} gy[t, c] x[t - (k - 1) + j, c] and gBias[c] += sum gy[., c]: one thread per (c, j), and
// j == k carries the bias; rows in order.
extern "C" __global__ void dwconv_bwd_w(const float* x, const float* gy, float* gw, float* gb, int b, int L, int ch,
                                        int k) {
    int total = ch * (k + 1);
    for (int i = gid(); i < total; i += gstride()) {
        int c = i / (k + 1), j = i % (k + 1);
        if (j == k) {
            if (!gb) continue;
            double s = 0;
            for (int r = 0; r < b * L; r++) s += gy[(size_t) r * ch + c];
            gb[c] += (float) s;
        } else {
            if (!gw) continue;
            double s = 0;
            for (int r = 0; r < b * L; r++) {
                int t = r % L;
                if (t - (k - 1) + j < 0) continue;
                s += (double) gy[(size_t) r * ch + c] * x[(size_t) (r - (k - 1) + j) * ch + c];
            }
            gw[(size_t) c * k + j] += (float) s;
        }
    }
}

// cols [b, oh ow, c kh kw] from x [b, c, h, w]; one thread per column element.
extern "C" __global__ void im2col_f(const float* x, float* cols, int b, int c, int h, int w, int kh, int kw, int sh,
                                    int sw, int ph, int pw, int oh, int ow) {
    int K = c * kh * kw;
    long long total = (long long) b * oh * ow * K;
    for (long long t = gid(); t < total; t += gstride()) {
        int col = (int) (t % K);
        long long rowi = t / K;
        int ox = (int) (rowi % ow), oy = (int) ((rowi / ow) % oh), bi = (int) (rowi / ((long long) ow * oh));
        int kx = col % kw, ky = (col / kw) % kh, ch = col / (kw * kh);
        int iy = oy * sh - ph + ky, ix = ox * sw - pw + kx;
        cols[t] = (iy >= 0 && iy < h && ix >= 0 && ix < w) ? x[(((size_t) bi * c + ch) * h + iy) * w + ix] : 0.0f;
    }
}

// x += the column entries that read each pixel: one thread per pixel, gathering in increasing (oy, ox), so the sum
// is deterministic.
extern "C" __global__ void col2im_f(const float* cols, float* x, int b, int c, int h, int w, int kh, int kw, int sh,
                                    int sw, int ph, int pw, int oh, int ow) {
    int K = c * kh * kw;
    int total = b * c * h * w;
    for (int t = gid(); t < total; t += gstride()) {
        int ix = t % w, iy = (t / w) % h, ch = (t / (w * h)) % c, bi = t / (w * h * c);
        float acc = 0.0f;
        for (int oy = 0; oy < oh; oy++) {
            int ky = iy + ph - oy * sh;
            if (ky < 0 || ky >= kh) continue;
            for (int ox = 0; ox < ow; ox++) {
                int kx = ix + pw - ox * sw;
                if (kx < 0 || kx >= kw) continue;
                acc += cols[((size_t) (bi * oh + oy) * ow + ox) * K + (ch * kh + ky) * kw + kx];
            }
        }
        x[t] += acc;
    }
}
