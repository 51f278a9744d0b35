/// The strings of a JSON document in document order: for each, its raw contents, whether it is
/// an object key, and the path of the value (`$.messages[0].content`).
enum JSONLeaves {
    struct Leaf {
        /// The string's raw contents, between its quotes.
        var contents: Range<Int>
        var isKey: Bool
        /// The value's JSON path; for a key, the path of the object holding it.
        var path: String
    }

    /// - Throws: ``JSONSyntaxError`` with the byte offset of the first problem.
    static func strings(in document: [UInt8]) throws(JSONSyntaxError) -> [Leaf] {
        let tree = try JSONTree(parsing: document)
        var leaves: [Leaf] = []
        collect(tree.root, path: "$", into: &leaves)
        return leaves
    }

    private static func collect(_ node: JSONTree.Node, path: String, into leaves: inout [Leaf]) {
        switch node.value {
        case .string(let contents): leaves.append(Leaf(contents: contents, isKey: false, path: path))
        case .object(let members):
            for member in members {
                leaves.append(Leaf(contents: member.keyRange, isKey: true, path: path))
                collect(member.value, path: path + JSONTree.member(member.key), into: &leaves)
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() { collect(element, path: path + "[\(index)]", into: &leaves) }
        case .number, .bool, .null: break
        }
    }
}
