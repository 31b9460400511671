// Host emulation of the CUDA features genex.cu uses, for HostEmulation (a test): every launch runs as one block of
// one thread, so the grid-stride loops visit every element in order, block reductions reduce one value, and
// __syncthreads and atomicAdd are trivial. This checks the kernels' index arithmetic and formulas against the CPU
// backend on machines without a GPU; it says nothing about races or performance. Compiled with
//   g++ -O1 -shared -fPIC -ffp-contract=off -DGENEX_HOST_EMULATION -include emulate.h -x c++ genex.cu
#pragma once
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static

struct genex_dim3 { unsigned x, y, z; };
static const genex_dim3 threadIdx = {0, 0, 0}, blockIdx = {0, 0, 0}, blockDim = {1, 1, 1}, gridDim = {1, 1, 1};

static inline void __syncthreads() {}
static inline float atomicAdd(float* p, float v) { float old = *p; *p = old + v; return old; }
static inline int __float_as_int(float f) { int i; std::memcpy(&i, &f, sizeof i); return i; }

#define CUDART_INF (__builtin_inf())
#define CUDART_INF_F (__builtin_inff())
#define CUDART_NAN (__builtin_nan(""))
#define CUDART_NAN_F (__builtin_nanf(""))
#define CUDART_PI 3.1415926535897931e+0

using std::max;
using std::min;
using std::signbit;
