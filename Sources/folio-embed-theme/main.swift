// Writes a Swift file that holds every file of the theme folder as a string literal.
//   folio-embed-theme TEMPLATES_DIR OUTPUT.swift
// Run by the EmbedTheme build plugin; not part of the folio binary.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: folio-embed-theme TEMPLATES_DIR OUTPUT.swift\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[1]).standardizedFileURL
var files: [(path: String, text: String)] = []
if let enumerator = FileManager.default.enumerator(atPath: folder.path) {
    while let relative = enumerator.nextObject() as? String {
        let url = folder.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        guard !url.lastPathComponent.hasPrefix("."), FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
            !isDirectory.boolValue, let data = FileManager.default.contents(atPath: url.path)
        else { continue }
        guard let text = String(data: data, encoding: .utf8) else {
            FileHandle.standardError.write(Data("folio-embed-theme: \(relative) is not UTF-8 text\n".utf8))
            exit(1)
        }
        files.append((relative, text))
    }
}

/// A Swift string literal of `text`: every scalar outside printable ASCII is escaped, so any
/// file content is safe to embed.
func literal(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": result += "\\\\"
        case "\"": result += "\\\""
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case " "..."~": result.unicodeScalars.append(scalar)
        default: result += "\\u{\(String(scalar.value, radix: 16))}"
        }
    }
    return result + "\""
}

var source = "// Generated at build time by the EmbedTheme plugin from templates/. Do not edit.\n\n"
source += "extension DefaultTheme {\n    /// The default theme's files by path relative to templates/.\n"
source += "    static let files: [String: String] = [\n"
for file in files.sorted(by: { $0.path < $1.path }) {
    source += "        \(literal(file.path)): \(literal(file.text)),\n"
}
source += "    ]\n}\n"
do {
    try source.write(to: URL(fileURLWithPath: arguments[2]), atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("folio-embed-theme: cannot write \(arguments[2]): \(error)\n".utf8))
    exit(1)
}
