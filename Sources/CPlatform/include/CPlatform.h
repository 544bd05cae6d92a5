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

#if defined(__SSE2__)
/// Sixteen bytes folded: ASCII letters lower-cased and the rest as they are, as two halves of eight kept in
/// registers (a word is shifted out of them, never reloaded from a buffer just stored: a load that straddles a
/// recent store waits for it), and a bit per byte that belongs to a word.
typedef struct {
    uint64_t low, high;
    unsigned inWord;
} folio_folded_chunk;

/// Words are ASCII letters and digits, and with `multibyteInWords` the bytes of multi-byte characters too.
static inline folio_folded_chunk folio_fold_chunk(__m128i chunk, int multibyteInWords) {
    const __m128i lower = _mm_or_si128(chunk, _mm_set1_epi8(0x20));
    // Signed compares: bytes of 0x80 and up are negative, never letters or digits.
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                         _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), lower));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(chunk, _mm_set1_epi8('0' - 1)),
                                        _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), chunk));
    __m128i inWord = _mm_or_si128(letter, digit);
    if (multibyteInWords) inWord = _mm_or_si128(inWord, _mm_cmpgt_epi8(_mm_setzero_si128(), chunk));
    const __m128i folded = _mm_or_si128(_mm_and_si128(letter, lower), _mm_andnot_si128(letter, chunk));
    folio_folded_chunk result;
    result.low = (uint64_t)_mm_cvtsi128_si64(folded);
    result.high = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(folded, folded));
    result.inWord = (unsigned)_mm_movemask_epi8(inWord);
    return result;
}
#endif

/// Words written one after another, each run of other bytes between them one space, none first.
typedef struct {
    size_t length;
    size_t lastWordStart;      // where the word being written starts in the output
    long words;
    int separatorPending;      // a separator since the last word byte written
} folio_word_writer;

#if defined(__SSE2__)
/// Writes the words of one folded chunk, each run copied whole with two eight-byte stores: `output` must have
/// sixteen bytes of room past `writer->length`.
static inline void folio_write_words(folio_word_writer *writer, folio_folded_chunk chunk, uint8_t *output) {
    unsigned position = 0;
    while (position < 16) {
        const unsigned fromHere = chunk.inWord >> position;
        if (fromHere == 0) { writer->separatorPending = 1; return; }
        const unsigned runStart = position + (unsigned)__builtin_ctz(fromHere);
        if (runStart > position) writer->separatorPending = 1;
        // Bit 16 and up of ~inWord are set: a run reaching the chunk's end stops there.
        const unsigned runEnd = runStart + (unsigned)__builtin_ctz(~chunk.inWord >> runStart);
        if (writer->separatorPending || writer->length == 0) {
            if (writer->length > 0) output[writer->length++] = ' ';
            writer->lastWordStart = writer->length;
            writer->words += 1;
        }
        writer->separatorPending = 0;
        uint64_t first, second;
        if (runStart == 0) {
            first = chunk.low;
            second = chunk.high;
        } else if (runStart < 8) {
            first = (chunk.low >> (8 * runStart)) | (chunk.high << (64 - 8 * runStart));
            second = chunk.high >> (8 * runStart);
        } else {
            first = chunk.high >> (8 * (runStart - 8));
            second = 0;
        }
        __builtin_memcpy(output + writer->length, &first, 8);
        __builtin_memcpy(output + writer->length + 8, &second, 8);
        writer->length += runEnd - runStart;
        position = runEnd;
    }
}
#endif

/// Folds an ASCII title for identity: letters lower-cased, digits kept, each run of other bytes one space, none
/// first or last. Writes the result to `output`, which must have room for `count + 16` bytes, and returns its
/// length; -1 when the title has a byte of 0x80 or more (not ASCII: the caller folds it otherwise). Sixteen bytes
/// are classified a step, and each word is copied whole.
static inline long folio_fold_ascii_title(const uint8_t *input, size_t count, uint8_t *output) {
#if defined(__SSE2__)
    folio_word_writer writer = {0, 0, 0, 0};
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
        folio_write_words(&writer, folio_fold_chunk(chunk, 0), output);
    }
    return high != 0 ? -1 : (long)writer.length;
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
    folio_word_writer writer = {0, 0, 0, 0};
    int lastInWord = 0;
#if defined(__SSE2__)
    for (size_t start = 0; start < window; start += 16) {
        const folio_folded_chunk chunk = folio_fold_chunk(_mm_loadu_si128((const __m128i *)(input + start)), 1);
        folio_write_words(&writer, chunk, output);
        lastInWord = (chunk.inWord >> 15) & 1;
    }
#else
    for (size_t index = 0; index < window; index++) {
        uint8_t byte = input[index];
        if (byte >= 'A' && byte <= 'Z') byte += 32;
        lastInWord = byte >= 0x80 || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9');
        if (!lastInWord) { writer.separatorPending = 1; continue; }
        if (writer.separatorPending || writer.length == 0) {
            if (writer.length > 0) output[writer.length++] = ' ';
            writer.lastWordStart = writer.length;
            writer.words += 1;
        }
        writer.separatorPending = 0;
        output[writer.length++] = byte;
    }
#endif
    if (lastInWord) {
        // The last word runs into byte 160: it may be cut, so it is left out, with the space before it.
        *words = writer.words - 1;
        return writer.lastWordStart > 0 ? (long)writer.lastWordStart - 1 : 0;
    }
    *words = writer.words;
    return (long)writer.length;
}

#endif
