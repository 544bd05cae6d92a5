#ifndef FOLIO_CPREFETCH_H
#define FOLIO_CPREFETCH_H

/// Asks the processor to bring the cache line at `address` in, without waiting for it: Swift has no such
/// intrinsic. Inlined into the Swift caller by the Clang importer.
static inline void folio_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
