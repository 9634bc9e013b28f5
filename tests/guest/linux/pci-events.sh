# The PCI host bridge and the RAS event sources as the guest sees them: Linux's PCI, EEH and
# IOMMU boot messages (without timestamps), the root bus, and the RAS interrupts (without
# their counts: Linux's interrupt number, controller, source number, type and name).
dmesg | sed 's/^\[[ 0-9.]*\] //' | grep -i -E 'pci|eeh|iommu'
echo "pci buses: $(ls /sys/class/pci_bus | tr '\n' ' ')"
echo "pci devices: $(ls /sys/bus/pci/devices | wc -l)"
grep RAS_ /proc/interrupts | sed -E 's/^ *([0-9]+):[ 0-9]* ([A-Z])/irq \1: \2/; s/  +/ /g'
