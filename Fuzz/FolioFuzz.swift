// The libFuzzer entry point, compiled together with FolioCore's sources into one module by Scripts/fuzz (with
// `swiftc -sanitize=fuzzer`), so the parsers' internal types are in reach. Not a SwiftPM target: SwiftPM would
// build it without the fuzzer runtime, whose `main` is libFuzzer's.

import Foundation

/// One input, through every parser that reads text a user hands Folio: the digest parsers (through the
/// shape detection, and each directly, so a file that looks like one shape still exercises the others), the
/// config's TOML, topics.toml, and the filter language on each of the first lines, with the `[filters]` the
/// input names as named filters. A crash, a timeout (libFuzzer's `-timeout`) or memory past `-rss_limit_mb` is
/// a failure.
///
/// `FOLIO_FUZZ_TARGET` (Scripts/fuzz --target) narrows a long run to one family, so its time is spent there:
/// `digests` (the three digest parsers), `config` (TOML and topics.toml), `filters` (the filter language, with
/// named filters); unset or `all`, every one.
@_cdecl("LLVMFuzzerTestOneInput")
public func folioFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let target = FuzzTarget.chosen
    if target == .all || target == .digests {
        let input = DigestInput(source: "fuzz.txt", bytes: bytes, modificationDate: Date(timeIntervalSince1970: 0))
        _ = DigestParser.parse(input)
        let lines = ByteLines(bytes)
        _ = PageDigestParser(input: input, lines: lines).parse()
        _ = CompactDigestParser(input: input, lines: lines).parse()
        _ = JSONDigestParser(input: input).parse()
    }
    guard target != .digests else { return 0 }

    let text = String(decoding: bytes, as: UTF8.self)
    let (entries, _) = TOMLSubset.parse(text, file: "fuzz.toml")
    if target != .filters { _ = TopicCatalog.parse(text, file: "topics.toml") }
    guard target != .config else { return 0 }
    var named: [String: String] = [:]
    for entry in entries where entry.table == ["filters"] {
        if case .string(let body) = entry.value { named[entry.key] = body }
    }
    for line in text.split(separator: "\n", maxSplits: 16).prefix(16) {
        _ = try? Filter.parse(String(line), named: named)
    }
    for body in named.values.prefix(16) { _ = try? Filter.parse(body, named: named) }
    return 0
}

/// The parsers one run feeds (`FOLIO_FUZZ_TARGET`), read once.
enum FuzzTarget: String {
    case all, digests, config, filters

    static let chosen: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["FOLIO_FUZZ_TARGET"] ?? "all"
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("FOLIO_FUZZ_TARGET=\(name): all, digests, config or filters")
        }
        return target
    }()
}
