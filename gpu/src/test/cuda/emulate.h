// Host emulation of the CUDA features genex.cu uses, for HostEmulation (a test): a launch runs as one block
// (gridDim 1, so the grid-stride and block-stride loops cover every element) of a few threads, each a host thread
// that calls the kernel: __syncthreads is a barrier, __shared__ arrays are shared statics, atomicAdd takes a lock.
// This checks the kernels' index arithmetic, formulas and block reductions against the CPU backend on machines
// without a GPU; it says little about performance or about races between many warps. Compiled with
//   g++ -O1 -std=c++20 -shared -fPIC -ffp-contract=off -DGENEX_HOST_EMULATION -include emulate.h -x c++ genex.cu
#pragma once
#include <algorithm>
#include <barrier>
#include <climits>
#include <cmath>
#include <cstring>
#include <mutex>

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static

struct genex_dim3 { unsigned x, y, z; };
static thread_local genex_dim3 threadIdx = {0, 0, 0};
static thread_local genex_dim3 blockDim = {1, 1, 1};
static const genex_dim3 blockIdx = {0, 0, 0}, gridDim = {1, 1, 1};
static std::barrier<>* genex_barrier = nullptr;
static std::mutex genex_atomic_lock;

// Before a launch of n threads (from one thread), then in each of the n threads before it calls the kernel.
extern "C" void emu_begin(int n) { delete genex_barrier; genex_barrier = new std::barrier<>(n); }
extern "C" void emu_thread(int tid, int n) { threadIdx.x = tid; blockDim.x = n; }

static inline void __syncthreads() { genex_barrier->arrive_and_wait(); }
static inline float atomicAdd(float* p, float v) {
    std::lock_guard<std::mutex> g(genex_atomic_lock);
    float old = *p;
    *p = old + v;
    return old;
}
static inline int __float_as_int(float f) { int i; std::memcpy(&i, &f, sizeof i); return i; }

#define CUDART_INF (__builtin_inf())
#define CUDART_INF_F (__builtin_inff())
#define CUDART_NAN (__builtin_nan(""))
#define CUDART_NAN_F (__builtin_nanf(""))
#define CUDART_PI 3.1415926535897931e+0

using std::max;
using std::min;
using std::signbit;
