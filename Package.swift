// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Folio",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "folio", targets: ["folio"]),
        .library(name: "FolioCore", targets: ["FolioCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // System libraries, each imported only by its wrapper module.
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        // mimalloc replaces malloc in the `folio` executable: a check of 10,000 pages spent a
        // quarter of its time in glibc's malloc and free (see content/architecture.md).
        .systemLibrary(name: "CMimalloc", providers: [.apt(["libmimalloc-dev"])]),
        .target(name: "CFolioSystem"),
        // Lets several threads parse with libcmark-gfm at once (see threads.c).
        .target(name: "CCmarkThreads", linkerSettings: [.linkedLibrary("dl")]),

        .target(name: "FolioYAML", dependencies: ["CYAML"]),
        .target(name: "FolioMarkdown", dependencies: ["CCmarkGFM", "CCmarkThreads"]),
        .target(
            name: "FolioCore",
            dependencies: [
                "FolioYAML", "FolioMarkdown", "CFolioSystem",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            plugins: ["EmbedTheme"]),
        // The default theme in templates/ is compiled into FolioCore by this plugin.
        .executableTarget(name: "folio-embed-theme"),
        .plugin(name: "EmbedTheme", capability: .buildTool(), dependencies: ["folio-embed-theme"]),
        .target(
            name: "FolioCLI",
            dependencies: [
                "FolioCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // `make fuzz`: libFuzzer targets for the hand-written parsers; otherwise a replayer of inputs.
        .executableTarget(name: "folio-fuzz", dependencies: ["FolioCore", "FolioMarkdown", "FolioYAML"]),
        .executableTarget(name: "folio", dependencies: ["FolioCLI", .target(name: "CMimalloc", condition: .when(platforms: [.linux]))]),

        .testTarget(name: "FolioYAMLTests", dependencies: ["FolioYAML"]),
        .testTarget(name: "FolioMarkdownTests", dependencies: ["FolioMarkdown"]),
        .testTarget(
            name: "FolioCoreTests", dependencies: ["FolioCore", "FolioCLI", "FolioMarkdown"],
            exclude: ["Fixtures", "CheckFixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
