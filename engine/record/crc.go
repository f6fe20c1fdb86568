package record

import (
	"encoding/binary"
	"hash/crc32"
)

// castagnoli is the CRC-32C table (Crc32C.java). It is written once at
// package initialisation and only read afterwards.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum returns the CRC of a whole batch: CRC-32C over the bytes from
// Attributes to the end, which leaves BaseOffset, Length and
// PartitionLeaderEpoch free for the leader to rewrite.
func checksum(batch []byte) uint32 {
	return crc32.Checksum(batch[attributesOffset:], castagnoli)
}

// VerifyCRC checks the CRC of the batch at the front of b (normally b is
// exactly one batch) after checking its header as ParseHeader does. A
// mismatch matches kerr.CorruptMessage, as DefaultRecordBatch.ensureValid
// reports it.
func VerifyCRC(b []byte) error {
	h, err := ParseHeader(b)
	if err != nil {
		return err
	}
	return verifyCRC(b[:h.Size()], h.CRC)
}

func verifyCRC(batch []byte, stored uint32) error {
	if got := checksum(batch); got != stored {
		return corrupt("batch is corrupt (stored crc = %d, computed crc = %d)", stored, got)
	}
	return nil
}

// putCRC stores the CRC of batch in its header.
func putCRC(batch []byte) {
	binary.BigEndian.PutUint32(batch[crcOffset:], checksum(batch))
}
