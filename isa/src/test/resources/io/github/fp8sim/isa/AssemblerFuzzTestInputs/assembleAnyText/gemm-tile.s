# One 32x32x64 FP8 GEMM tile on the default machine (32x32 array, weight-stationary), double-buffered:
# the second tile's operands load while the first tile computes. Inputs: A0, A1 (32x64 e5m2 codes,
# row-major) at DRAM 0x0 and 0x800; B (64x32 codes) at 0x1000. Outputs: C0, C1 quantized to e5m2
# with stochastic rounding at 0x2000 and 0x2400.
dma.load dst=spad:0x0 dram=0x0 rows=32 bytes=64             # A0 -> buffer 0
dma.load dst=spad:0x1000 dram=0x1000 rows=64 bytes=32       # B (weights)
gemm c=acc:0x0 a=spad:0x0 b=spad:0x1000 m=32 n=32 k=64 df=ws fa=e5m2 fb=e5m2
dma.load dst=spad:0x800 dram=0x800 rows=32 bytes=64         # A1 -> buffer 1, under the first GEMM
gemm c=acc:0x1000 a=spad:0x800 b=spad:0x1000 m=32 n=32 k=64 df=ws fa=e5m2 fb=e5m2
quant dst=spad:0x2000 src=acc:0x0 rows=32 cols=32 fmt=e5m2 rnd=sr
quant dst=spad:0x2400 src=acc:0x1000 rows=32 cols=32 fmt=e5m2 rnd=sr
dma.store src=spad:0x2000 dram=0x2000 rows=32 bytes=32
dma.store src=spad:0x2400 dram=0x2400 rows=32 bytes=32
halt
