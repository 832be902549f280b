/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SIMD_H
#define SP_SIMD_H

/* SP_CLONES before a hot kernel's definition compiles it for several x86-64
 * levels (AVX-512, AVX2, the baseline), the best one the CPU has picked
 * when the program loads (GCC's target_clones, a glibc ifunc). The clones
 * differ in vector width only, never in results: floating point is never
 * contracted into fused multiply-adds (C11 mode and -ffp-contract=off) nor
 * reassociated, so a vector loop gives the bits of the scalar one, and a
 * file printed on one machine is the file printed on another.
 *
 * Mark the outer kernel; the static helpers it calls are inlined into each
 * clone. Elsewhere (other architectures or compilers) it is one function,
 * and so under ThreadSanitizer, whose instrumented ifunc resolvers would run
 * before its runtime is up (the program faults while it loads). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__gnu_linux__) &&   \
    !defined(__SANITIZE_THREAD__)
#define SP_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define SP_CLONES
#endif

/* SP_IVDEP before a loop: its iterations do not depend on each other
 * (the compiler may vectorize it without checking that its pointers do not
 * overlap). */
#if defined(__clang__)
#define SP_IVDEP _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define SP_IVDEP _Pragma("GCC ivdep")
#else
#define SP_IVDEP
#endif

#include <stddef.h>
#include <stdint.h>

/* The largest of (bits of x[i]) & mask, as an unsigned integer. With the
 * sign cleared (mask 0x7fffffff), the order of the bits is the order of the
 * magnitudes of numbers that are not NaN: a maximum magnitude as an integer
 * maximum, which is vector code where a float maximum (NaN rules) is not.
 * Inline: it takes the vector width of the SP_CLONES kernel calling it. */
static inline uint32_t sp_max_bits_f32(const float *x, size_t n, uint32_t mask)
{
  uint32_t top = 0;
  for (size_t i = 0; i < n; i++) {
    union { float f; uint32_t u; } b = {x[i]};
    uint32_t v = b.u & mask;
    top = v > top ? v : top;
  }
  return top;
}

static inline uint64_t sp_max_bits_f64(const double *x, size_t n, uint64_t mask)
{
  uint64_t top = 0;
  for (size_t i = 0; i < n; i++) {
    union { double d; uint64_t u; } b = {x[i]};
    uint64_t v = b.u & mask;
    top = v > top ? v : top;
  }
  return top;
}

/* The largest |x[i]| with NaNs left out, as a comparison leaves them out
 * (their bits would be the largest): the integer maximum, and a second pass
 * only where there is a NaN. */
static inline float sp_abs_peak_f32(const float *x, size_t n)
{
  uint32_t top = sp_max_bits_f32(x, n, 0x7fffffffu);
  if (top > 0x7f800000u) {
    top = 0;
    for (size_t i = 0; i < n; i++) {
      union { float f; uint32_t u; } b = {x[i]};
      uint32_t v = b.u & 0x7fffffffu;
      top = v <= 0x7f800000u && v > top ? v : top;
    }
  }
  union { uint32_t u; float f; } r = {top};
  return r.f;
}

#endif
