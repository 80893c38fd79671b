common-target:
	@echo common
include $(MK_DIR)/nested.mk
