nested-${PROJECT}:
	@echo nested
