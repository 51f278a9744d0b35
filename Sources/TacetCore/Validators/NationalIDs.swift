/// Check digits and structure of national identifiers. Each takes the matched bytes, skips
/// the separators the rule allows (spaces, `-`, `.`, `/`) and says whether the value is valid.
enum NationalIDs {
    /// UK NHS number: ten digits, weights 10…2 mod 11; a remainder giving check 10 is never
    /// issued.
    static func ukNHS(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let d = Checksums.digits(value), d.count == 10 else { return false }
        let check = 11 - Checksums.weightedSum(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11
        return check != 10 && (check == 11 ? 0 : check) == d[9]
    }

    /// Canadian SIN: nine digits, Luhn; 0 and 8 are not issued as first digits.
    static func caSIN(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let d = Checksums.digits(value), d.count == 9, d[0] != 0, d[0] != 8 else { return false }
        return Checksums.luhn(d)
    }

    /// German tax id (Steuerliche Identifikationsnummer): eleven digits, no leading 0; in the
    /// first ten one digit occurs two or three times and the others at most once; the last is
    /// ISO 7064 MOD 11,10.
    static func deTaxID(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let d = Checksums.digits(value), d.count == 11, d[0] != 0 else { return false }
        var counts = [Int](repeating: 0, count: 10)
        for digit in d[..<10] { counts[digit] += 1 }
        let repeated = counts.filter { $0 > 1 }
        guard repeated.count == 1, repeated[0] <= 3 else { return false }
        return Checksums.iso7064Mod11_10(d[..<10]) == d[10]
    }

    /// German identity card (Personalausweis, since 2010) document number: nine characters
    /// then an ICAO 7-3-1 check digit.
    static func deIDCard(_ value: UnsafeRawBufferPointer) -> Bool {
        guard value.count == 10 else { return false }
        var values: [Int] = []
        for byte in value {
            guard let v = Checksums.icaoValue(byte) else { return false }
            values.append(v)
        }
        guard values[9] < 10 else { return false }
        return Checksums.icaoCheckDigit(Array(values[..<9])) == values[9]
    }

    /// French NIR (numéro de sécurité sociale): 13 characters (Corsican departments 2A and 2B
    /// count as 19 and 18) and a key of 97 minus the number mod 97.
    static func frNIR(_ value: UnsafeRawBufferPointer) -> Bool {
        var digits: [Int] = []
        for (offset, byte) in value.enumerated() {
            switch byte {
            case 0x30...0x39: digits.append(Int(byte - 0x30))
            case 0x41, 0x61, 0x42, 0x62:
                // Only the department's second character, after a 2.
                guard digits.count == 6, digits[5] == 2, offset > 0 else { return false }
                digits[5] = 1
                digits.append(byte | 0x20 == 0x61 ? 9 : 8)
            case 0x20, 0x2D, 0x2E: continue
            default: return false
            }
        }
        guard digits.count == 15 else { return false }
        var remainder = 0
        for digit in digits[..<13] { remainder = (remainder * 10 + digit) % 97 }
        return 97 - remainder == digits[13] * 10 + digits[14]
    }

    /// Spanish DNI (eight digits and a letter) or NIE (X, Y or Z standing for 0, 1, 2, seven
    /// digits and a letter): the letter is `TRWAGMYFPDXBNJZSQVHLCKE` at the number mod 23.
    static func esNIF(_ value: UnsafeRawBufferPointer) -> Bool {
        var bytes = value.filter { $0 != 0x2D && $0 != 0x20 && $0 != 0x2E }.map { $0 >= 0x61 ? $0 - 0x20 : $0 }
        guard bytes.count == 9 else { return false }
        if let lead = [UInt8(ascii: "X"), UInt8(ascii: "Y"), UInt8(ascii: "Z")].firstIndex(of: bytes[0]) {
            bytes[0] = 0x30 + UInt8(lead)
        }
        var number = 0
        for byte in bytes[..<8] {
            guard byte >= 0x30, byte <= 0x39 else { return false }
            number = number * 10 + Int(byte - 0x30)
        }
        return Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)[number % 23] == bytes[8]
    }

    /// Italian codice fiscale: sixteen characters; the last is the letter of (odd-position
    /// values + even-position values) mod 26 from the Ministry's tables. Substituted digits
    /// (omocodia, LMNPQRSTUV) need no special case: the tables value every letter.
    static func itFiscalCode(_ value: UnsafeRawBufferPointer) -> Bool {
        guard value.count == 16 else { return false }
        var sum = 0
        for (position, raw) in value.enumerated() {
            let byte = raw >= 0x61 && raw <= 0x7A ? raw - 0x20 : raw
            let index: Int
            switch byte {
            case 0x30...0x39: index = Int(byte - 0x30)
            case 0x41...0x5A: index = Int(byte - 0x41)
            default: return false
            }
            if position == 15 {
                return byte >= 0x41 && Int(byte - 0x41) == sum % 26
            }
            // 1-based odd positions use the odd table; digits map like A–J.
            sum += position % 2 == 0 ? italianOddValues[index] : index
        }
        return false
    }

    private static let italianOddValues = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
    ]

    /// Dutch BSN: nine digits whose 9…2 weighted sum minus the last digit is a multiple of 11
    /// (the "elfproef"), not all zero.
    static func nlBSN(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let d = Checksums.digits(value), d.count == 9, d.contains(where: { $0 != 0 }) else { return false }
        return (Checksums.weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2]) - d[8]) % 11 == 0
    }

    /// Indian Aadhaar: twelve digits, the first 2–9, Verhoeff check digit.
    static func inAadhaar(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let d = Checksums.digits(value), d.count == 12, d[0] >= 2 else { return false }
        return Checksums.verhoeff(d)
    }

    /// Australian TFN: nine digits with weights 1 4 3 7 5 8 6 9 10 summing to a multiple of 11
    /// (eight-digit TFNs: 10 7 8 4 6 3 5 1).
    static func auTFN(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let d = Checksums.digits(value) else { return false }
        switch d.count {
        case 9: return Checksums.weightedSum(d, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 == 0
        case 8: return Checksums.weightedSum(d, [10, 7, 8, 4, 6, 3, 5, 1]) % 11 == 0
        default: return false
        }
    }

    /// Australian Medicare card: ten digits (eleven with the individual reference), the first
    /// 2–6, the ninth the 1 3 7 9 weighted sum of the first eight mod 10, the issue number not 0.
    static func auMedicare(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let d = Checksums.digits(value), d.count == 10 || d.count == 11, (2...6).contains(d[0]), d[9] != 0
        else { return false }
        return Checksums.weightedSum(d, [1, 3, 7, 9, 1, 3, 7, 9]) % 10 == d[8]
    }

    /// Brazilian CPF: eleven digits, two mod-11 check digits; repeated-digit numbers such as
    /// 111.111.111-11 pass the arithmetic but are invalid.
    static func brCPF(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let d = Checksums.digits(value), d.count == 11, Set(d).count > 1 else { return false }
        let first = Checksums.weightedSum(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]) * 10 % 11 % 10
        let second = Checksums.weightedSum(d, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]) * 10 % 11 % 10
        return d[9] == first && d[10] == second
    }

    /// Brazilian CNPJ: fourteen digits, two mod-11 check digits (weights 5…2 9…2, then 6…2 9…2).
    static func brCNPJ(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let d = Checksums.digits(value), d.count == 14, Set(d).count > 1 else { return false }
        func check(_ weights: [Int]) -> Int {
            let remainder = Checksums.weightedSum(d, weights) % 11
            return remainder < 2 ? 0 : 11 - remainder
        }
        return d[12] == check([5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) && d[13] == check([6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
    }
}
