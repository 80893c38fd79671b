// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Folio",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "folio", targets: ["folio"]),
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
        // The external check's HTTP client: libcurl's multi interface, loaded with dlopen (http.c).
        .target(name: "CFolioHTTP", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
        // Lets several threads parse with libcmark-gfm at once (see threads.c).
        .target(name: "CCmarkThreads", linkerSettings: [.linkedLibrary("dl")]),

        // The one position type and the one offset -> line:column conversion, below both parsers.
        .target(name: "FolioText", dependencies: ["CFolioSystem"]),
        .target(name: "FolioYAML", dependencies: ["FolioText", "CYAML"]),
        .target(name: "FolioMarkdown", dependencies: ["FolioText", "CCmarkGFM", "CCmarkThreads", "CFolioSystem"]),
        // The pipeline, a target per stage: each may import only the targets above it in this
        // list, so a dependency that runs backwards does not build (content/architecture.md draws
        // this graph; a test keeps the drawing true).
        .target(name: "FolioModel", dependencies: ["FolioText", "FolioYAML", "FolioMarkdown"]),
        .target(name: "FolioLoad", dependencies: ["FolioYAML", "FolioMarkdown", "FolioModel", "CFolioSystem"]),
        .target(name: "FolioParse", dependencies: ["FolioText", "FolioYAML", "FolioMarkdown", "FolioModel", "FolioLoad"]),
        .target(name: "FolioCompile", dependencies: ["FolioText", "FolioYAML", "FolioMarkdown", "FolioModel", "FolioLoad"]),
        .target(name: "FolioCheck", dependencies: ["FolioText", "FolioYAML", "FolioMarkdown", "FolioModel", "FolioLoad", "FolioCompile", "CFolioHTTP"]),
        .target(
            name: "FolioRender", dependencies: ["FolioText", "FolioMarkdown", "FolioModel", "FolioLoad", "FolioCompile", .product(name: "Mustache", package: "swift-mustache")],
            plugins: ["EmbedTheme"]),
        .target(name: "FolioWrite", dependencies: ["FolioModel", "FolioLoad", "CFolioSystem"]),
        .target(name: "FolioReport", dependencies: ["FolioMarkdown", "FolioModel", "FolioLoad", "FolioCompile"]),
        .target(
            name: "FolioBuild",
            dependencies: ["FolioMarkdown", "FolioModel", "FolioLoad", "FolioParse", "FolioCompile", "FolioCheck", "FolioRender", "FolioWrite", "FolioReport"]),
        .target(name: "FolioServe", dependencies: ["FolioMarkdown", "FolioModel", "FolioLoad", "FolioBuild"]),
        // The default theme in templates/ is compiled into FolioRender by this plugin.
        .executableTarget(name: "folio-embed-theme"),
        .plugin(name: "EmbedTheme", capability: .buildTool(), dependencies: ["folio-embed-theme"]),
        .target(
            name: "FolioCLI",
            dependencies: [
                "FolioModel", "FolioBuild", "FolioReport", "FolioServe", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // `make fuzz`: libFuzzer targets for the hand-written parsers; otherwise a replayer of inputs.
        .executableTarget(
            name: "folio-fuzz",
            dependencies: [
                "FolioModel", "FolioLoad", "FolioCompile", "FolioCheck", "FolioRender", "FolioServe", "FolioText", "FolioMarkdown", "FolioYAML",
                "CFolioHTTP",
            ]),
        .executableTarget(name: "folio", dependencies: ["FolioCLI", .target(name: "CMimalloc", condition: .when(platforms: [.linux]))]),

        .testTarget(name: "FolioYAMLTests", dependencies: ["FolioText", "FolioYAML"]),
        .testTarget(name: "FolioMarkdownTests", dependencies: ["FolioText", "FolioMarkdown"]),
        .testTarget(
            name: "FolioTests",
            dependencies: [
                "FolioModel", "FolioLoad", "FolioParse", "FolioCompile", "FolioCheck", "FolioRender", "FolioWrite", "FolioReport",
                "FolioBuild", "FolioServe", "FolioCLI", "FolioText", "FolioMarkdown",
            ],
            exclude: ["Fixtures", "CheckFixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
