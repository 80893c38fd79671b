import Foundation

/// Doc comment.
public struct Page: Sendable {
    let title: String
    var count = 0
    func render(_ x: Int) throws -> String {
        guard let y = Optional(x) else { return "none \(x)" }
        return String(y) + "!"
    }
}
@main enum App { static func main() async { print(1.5, nil, true) } }
