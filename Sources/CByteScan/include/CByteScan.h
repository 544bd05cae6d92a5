#ifndef FOLIO_CBYTESCAN_H
#define FOLIO_CBYTESCAN_H

// What Swift cannot say for itself: a cache prefetch hint, and byte scans sixteen bytes a step with the SSE2
// instructions every x86-64 processor has (a plain loop elsewhere). Static inline: the Clang importer inlines
// them into the Swift that calls them.

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Asks the processor to bring the cache line at `address` in, without waiting for it.
static inline void folio_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// The offset of the first byte in `bytes[0..<count]` that ends or interrupts a JSON string: a quote, a
/// backslash, or a control character (below 0x20); `count` when there is none.
static inline size_t folio_json_string_stop(const uint8_t *bytes, size_t count) {
    size_t index = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i lastControl = _mm_set1_epi8(0x1F);
    while (index + 16 <= count) {
        const __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + index));
        // Unsigned "at most 0x1F": the maximum of the byte and 0x1F is 0x1F.
        const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(chunk, lastControl), lastControl);
        const __m128i stops = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)),
                                           control);
        const int mask = _mm_movemask_epi8(stops);
        if (mask != 0) return index + (size_t)__builtin_ctz((unsigned)mask);
        index += 16;
    }
#endif
    while (index < count) {
        const uint8_t byte = bytes[index];
        if (byte == '"' || byte == '\\' || byte < 0x20) return index;
        index += 1;
    }
    return count;
}

#endif
