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
 * clone. Elsewhere (other architectures or compilers) it is one function. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__gnu_linux__)
#define SP_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define SP_CLONES
#endif

#endif
