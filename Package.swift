// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Folio",
    products: [
        .executable(name: "folio", targets: ["folio"]),
        .executable(name: "folio-bench", targets: ["folio-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The C library and nothing else.
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),
        // What Swift lacks, as inline C: a prefetch hint, SSE2 byte scans, glibc malloc options.
        .target(name: "CPlatform"),
        // Papers, digests, search, topics, reading state. Foundation and CPlatform only.
        .target(name: "FolioCore", dependencies: ["CPlatform"]),
        // The cell grid, its styles and its diff; keys and events; text width, wrapping and sanitising: what the
        // UI draws into and the terminal draws from. The standard library and libc only: no papers, no ncurses.
        .target(name: "FolioScreen"),
        // Actions, keymap, app state, reducer, pure render into a cell grid. No ncurses.
        .target(name: "FolioUI", dependencies: ["FolioScreen", "FolioCore"]),
        // The only code that talks to the terminal. It knows screens and keys, never papers or app state.
        .target(name: "FolioTerminal", dependencies: ["FolioScreen", "CNCursesW"]),
        // The digests that ship with the program: the embedded default.
        .target(
            name: "FolioSamples",
            path: "Samples",
            sources: ["FolioSamples.swift"],
            resources: [.copy("digests")]
        ),
        .executableTarget(
            name: "folio",
            dependencies: [
                "FolioCore", "FolioScreen", "FolioUI", "FolioTerminal", "FolioSamples",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "folio-bench", dependencies: ["FolioCore", "FolioScreen", "FolioUI", "FolioSamples"]),
        // Marks papers and saves in a tight loop, for the test that SIGKILLs it mid-save.
        .executableTarget(name: "folio-stress", dependencies: ["FolioCore"]),
        // What the tests share: fixtures, temporary folders, spawned processes, tmux. Only test targets use it.
        .target(name: "FolioTestSupport", dependencies: ["FolioCore"], path: "Tests/FolioTestSupport"),
        .testTarget(name: "FolioCoreTests", dependencies: ["FolioCore", "FolioTestSupport"]),
        .testTarget(name: "FolioScreenTests", dependencies: ["FolioScreen"]),
        .testTarget(
            name: "FolioUITests", dependencies: ["FolioScreen", "FolioUI", "FolioTestSupport"], exclude: ["Screens"]),
        // Key decoding against the real ncurses key codes: links the library, never opens a terminal.
        .testTarget(name: "FolioTerminalTests", dependencies: ["FolioScreen", "FolioTerminal", "CNCursesW"]),
        .testTarget(
            name: "FolioEndToEndTests",
            dependencies: ["folio", "folio-stress", "FolioTestSupport", "FolioCore", "FolioUI", "FolioScreen"]),
    ],
    swiftLanguageModes: [.v6]
)
