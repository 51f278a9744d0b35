/// Check-digit algorithms shared by the identifier validators. Each works on digit values
/// (0...9), most significant first.
enum Checksums {
    /// The digits of `value`, skipping the separators people write inside numbers (space, `-`,
    /// `.`, `/`); `nil` when any other byte is present or there are more than `limit` digits.
    static func digits(_ value: UnsafeRawBufferPointer, limit: Int = 32) -> [Int]? {
        var digits: [Int] = []
        digits.reserveCapacity(16)
        for byte in value {
            switch byte {
            case 0x30...0x39:
                guard digits.count < limit else { return nil }
                digits.append(Int(byte - 0x30))
            case 0x20, 0x2D, 0x2E, 0x2F: continue
            default: return nil
            }
        }
        return digits
    }

    /// Σ digits[i] × weights[i] (the shorter of the two sets the length).
    static func weightedSum(_ digits: some Collection<Int>, _ weights: [Int]) -> Int {
        zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Luhn mod 10: the doubled-alternate sum, check digit last, is a multiple of 10.
    static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            let value = position % 2 == 1 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        return digits.count >= 2 && sum % 10 == 0
    }

    /// ISO 7064 MOD 11,10 (the German tax id): the check digit that completes `body`.
    static func iso7064Mod11_10(_ body: some Collection<Int>) -> Int {
        var product = 10
        for digit in body {
            var sum = (digit + product) % 10
            if sum == 0 { sum = 10 }
            product = (sum * 2) % 11
        }
        let check = 11 - product
        return check == 10 ? 0 : check
    }

    /// Verhoeff's dihedral-group check (Aadhaar): valid when the whole number, check digit
    /// last, reduces to 0. Catches every single-digit error and adjacent transposition.
    static func verhoeff(_ digits: [Int]) -> Bool {
        var check = 0
        for (position, digit) in digits.reversed().enumerated() {
            check = verhoeffMultiplication[check][verhoeffPermutation[position % 8][digit]]
        }
        return check == 0
    }

    private static let verhoeffMultiplication: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ]
    /// Row i is the permutation (1 5 8 9 4 2 7 0)(3 6) applied i times.
    private static let verhoeffPermutation: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ]

    /// The value of a character in ICAO 9303 check digits: digits as themselves, A–Z as 10–35.
    static func icaoValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x5A: Int(byte - 0x41) + 10
        case 0x61...0x7A: Int(byte - 0x61) + 10
        default: nil
        }
    }

    /// ICAO 9303 check digit (weights 7, 3, 1 repeating, mod 10), as in passports and the
    /// German identity card.
    static func icaoCheckDigit(_ values: [Int]) -> Int {
        var sum = 0
        for (position, value) in values.enumerated() { sum += value * [7, 3, 1][position % 3] }
        return sum % 10
    }
}
