#ifndef FOLIO_CPLATFORM_H
#define FOLIO_CPLATFORM_H

// What Swift cannot say for itself: a cache prefetch hint, byte scans sixteen bytes a step with the SSE2
// instructions every x86-64 processor has (a plain loop elsewhere), and glibc's malloc options (Swift's Glibc
// module leaves out <malloc.h>). Static inline: the Clang importer inlines them into the Swift that calls them.

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// How far glibc grows its heap past each request, and how much free memory it keeps at the top before giving
/// memory back (M_TOP_PAD; glibc's default is 128 KiB). False where the C library has no such option.
static inline _Bool folio_set_heap_top_pad(long bytes) {
#if defined(__GLIBC__)
    return mallopt(M_TOP_PAD, (int)bytes) != 0;
#else
    (void)bytes;
    return 0;
#endif
}

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

/// Folds an ASCII title for identity: letters lower-cased, digits kept, each run of other bytes one space, none
/// first or last. Writes the result to `output`, which must have room for `count + 16` bytes, and returns its
/// length; -1 when the title has a byte of 0x80 or more (not ASCII: the caller folds it otherwise). Sixteen bytes
/// are classified a step, and each word is copied whole.
static inline long folio_fold_ascii_title(const uint8_t *input, size_t count, uint8_t *output) {
#if defined(__SSE2__)
    const __m128i caseBit = _mm_set1_epi8(0x20);
    const __m128i beforeA = _mm_set1_epi8('a' - 1), afterZ = _mm_set1_epi8('z' + 1);
    const __m128i before0 = _mm_set1_epi8('0' - 1), after9 = _mm_set1_epi8('9' + 1);
    size_t length = 0;
    int separatorPending = 0;   // a separator since the last word written
    int high = 0;
    for (size_t start = 0; start < count; start += 16) {
        __m128i chunk;
        if (start + 16 <= count) {
            chunk = _mm_loadu_si128((const __m128i *)(input + start));
        } else {
            // The tail, padded with NULs: separators, which write nothing at the end.
            uint8_t tail[16] = {0};
            for (size_t index = start; index < count; index++) tail[index - start] = input[index];
            chunk = _mm_loadu_si128((const __m128i *)tail);
        }
        high |= _mm_movemask_epi8(chunk);
        const __m128i lower = _mm_or_si128(chunk, caseBit);
        const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, beforeA), _mm_cmpgt_epi8(afterZ, lower));
        const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(chunk, before0), _mm_cmpgt_epi8(after9, chunk));
        // The folded bytes stay in registers, two halves of eight: a word is shifted out of them, not reloaded
        // from a buffer just stored (a load that straddles a recent store waits for it).
        const __m128i folded = _mm_or_si128(_mm_and_si128(letter, lower), _mm_andnot_si128(letter, chunk));
        const uint64_t low = (uint64_t)_mm_cvtsi128_si64(folded);
        const uint64_t highHalf = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(folded, folded));
        const unsigned kept = (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
        unsigned position = 0;
        while (position < 16) {
            const unsigned fromHere = kept >> position;
            if (fromHere == 0) { separatorPending = 1; break; }
            const unsigned runStart = position + (unsigned)__builtin_ctz(fromHere);
            if (runStart > position) separatorPending = 1;
            // Bit 16 and up of ~kept are set: a run reaching the chunk's end stops there.
            const unsigned runEnd = runStart + (unsigned)__builtin_ctz(~kept >> runStart);
            if (separatorPending && length > 0) output[length++] = ' ';
            separatorPending = 0;
            uint64_t first, second;
            if (runStart == 0) {
                first = low;
                second = highHalf;
            } else if (runStart < 8) {
                first = (low >> (8 * runStart)) | (highHalf << (64 - 8 * runStart));
                second = highHalf >> (8 * runStart);
            } else {
                first = highHalf >> (8 * (runStart - 8));
                second = 0;
            }
            __builtin_memcpy(output + length, &first, 8);
            __builtin_memcpy(output + length + 8, &second, 8);
            length += runEnd - runStart;
            position = runEnd;
        }
    }
    return high != 0 ? -1 : (long)length;
#else
    size_t length = 0;
    int separatorPending = 0;
    for (size_t index = 0; index < count; index++) {
        uint8_t byte = input[index];
        if (byte >= 0x80) return -1;
        if (byte >= 'A' && byte <= 'Z') byte += 32;
        if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) {
            if (separatorPending && length > 0) output[length++] = ' ';
            separatorPending = 0;
            output[length++] = byte;
        } else {
            separatorPending = 1;
        }
    }
    return (long)length;
#endif
}

/// An abstract's fingerprint: the words (letters lower-cased, digits, and the bytes of multi-byte characters) of
/// its first 160 bytes, joined by single spaces, without the last word when byte 160 may cut it. `input` must
/// hold at least 160 bytes and `output` room for 176. Returns the length, and the number of words in `words`.
static inline long folio_fold_fingerprint(const uint8_t *input, uint8_t *output, long *words) {
    enum { window = 160 };
    size_t length = 0;
    size_t lastWordStart = 0;   // where the word being written starts in `output`
    long runs = 0;
    int separatorPending = 0;
    int lastKept = 0;
#if defined(__SSE2__)
    const __m128i caseBit = _mm_set1_epi8(0x20);
    const __m128i beforeA = _mm_set1_epi8('a' - 1), afterZ = _mm_set1_epi8('z' + 1);
    const __m128i before0 = _mm_set1_epi8('0' - 1), after9 = _mm_set1_epi8('9' + 1);
    const __m128i zero = _mm_setzero_si128();
    for (size_t start = 0; start < window; start += 16) {
        const __m128i chunk = _mm_loadu_si128((const __m128i *)(input + start));
        const __m128i lower = _mm_or_si128(chunk, caseBit);
        // Signed compares: bytes of 0x80 and up are negative, never letters or digits, and kept on their own.
        const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, beforeA), _mm_cmpgt_epi8(afterZ, lower));
        const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(chunk, before0), _mm_cmpgt_epi8(after9, chunk));
        const __m128i multibyte = _mm_cmpgt_epi8(zero, chunk);
        const __m128i folded = _mm_or_si128(_mm_and_si128(letter, lower), _mm_andnot_si128(letter, chunk));
        const uint64_t low = (uint64_t)_mm_cvtsi128_si64(folded);
        const uint64_t highHalf = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(folded, folded));
        const unsigned kept = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), multibyte));
        unsigned position = 0;
        while (position < 16) {
            const unsigned fromHere = kept >> position;
            if (fromHere == 0) { separatorPending = 1; break; }
            const unsigned runStart = position + (unsigned)__builtin_ctz(fromHere);
            if (runStart > position) separatorPending = 1;
            const unsigned runEnd = runStart + (unsigned)__builtin_ctz(~kept >> runStart);
            if (separatorPending || length == 0) {
                if (length > 0) output[length++] = ' ';
                lastWordStart = length;
                runs += 1;
            }
            separatorPending = 0;
            uint64_t first, second;
            if (runStart == 0) {
                first = low;
                second = highHalf;
            } else if (runStart < 8) {
                first = (low >> (8 * runStart)) | (highHalf << (64 - 8 * runStart));
                second = highHalf >> (8 * runStart);
            } else {
                first = highHalf >> (8 * (runStart - 8));
                second = 0;
            }
            __builtin_memcpy(output + length, &first, 8);
            __builtin_memcpy(output + length + 8, &second, 8);
            length += runEnd - runStart;
            position = runEnd;
        }
        lastKept = (kept >> 15) & 1;
    }
#else
    for (size_t index = 0; index < window; index++) {
        uint8_t byte = input[index];
        if (byte >= 'A' && byte <= 'Z') byte += 32;
        lastKept = byte >= 0x80 || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9');
        if (!lastKept) { separatorPending = 1; continue; }
        if (separatorPending || length == 0) {
            if (length > 0) output[length++] = ' ';
            lastWordStart = length;
            runs += 1;
        }
        separatorPending = 0;
        output[length++] = byte;
    }
#endif
    if (lastKept) {
        // The last word runs into byte 160: it may be cut, so it is left out, with the space before it.
        *words = runs - 1;
        return lastWordStart > 0 ? (long)lastWordStart - 1 : 0;
    }
    *words = runs;
    return (long)length;
}

#endif
