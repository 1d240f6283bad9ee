vop.relu dst=acc:0x100 a=acc:0x0 rows=4 cols=8
vop.rsum dst=acc:0x200 a=acc:0x0 rows=4 cols=8
config sr_seed=-3
fence mac vector
halt
